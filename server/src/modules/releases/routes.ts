import type { AppModule } from "../../http/app-module";

/** Issue 6: being built; operations land here. */
export const releasesModule: AppModule = {
	name: "releases",
	routes: () => [],
};
