import { Overview } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { userCallerOf } from "../../http/request-context";
import { defineRoute } from "../../http/route";
import { getOverview } from "./get-overview";

export const overviewModule: AppModule = {
	name: "overview",
	routes: (deps) => [
		defineRoute({
			method: "get",
			path: "/v1/overview",
			operationId: "getOverview",
			summary: "The signed-in teacher's or admin's overview",
			description:
				"Classes with students and completion (a teacher: the classes they teach; a school admin: every class of the school), lessons published in the last 30 days, the last deployment per environment, and what needs attention: environments whose last deployment failed, invitations expired unanswered (admins), progress events not counted yet.",
			tags: ["overview"],
			access: { kind: "user", permission: "classes:read" },
			response: { status: 200, body: Overview, description: "The overview." },
			errors: [],
			handle: ({ req }) => getOverview(deps, userCallerOf(req)),
		}),
	],
};
