import type { AppModule } from "../../http/app-module";
import { guardianRoutes } from "./routes/guardian-routes";
import { invitationRoutes } from "./routes/invitation-routes";
import { memberRoutes } from "./routes/member-routes";
import { schoolSettingsRoutes } from "./routes/school-settings-routes";
import { signupRoutes } from "./routes/signup-routes";

export const tenancyModule: AppModule = {
	name: "tenancy",
	routes: (deps) => [...signupRoutes(deps), ...memberRoutes(deps), ...guardianRoutes(deps), ...invitationRoutes(deps), ...schoolSettingsRoutes(deps)],
};
