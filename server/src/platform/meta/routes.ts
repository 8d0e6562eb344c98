import { Meta } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { defineRoute } from "../../http/route";
import { demoSignInHint } from "./demo-sign-in-hint";
import { getMeta } from "./get-meta";

export const metaModule: AppModule = {
	name: "meta",
	routes: (deps) => {
		const demoSignIn = demoSignInHint(deps);
		return [
			defineRoute({
				method: "get",
				path: "/v1/meta",
				operationId: "getMeta",
				summary: "Protocol and server version, and the server clock",
				description:
					"The plugin and game call this first and refuse a server whose protocol major version differs from theirs. On the embedded default the dashboard reads demoSignIn for its sign-in hint.",
				tags: ["meta"],
				access: { kind: "public" },
				response: { status: 200, body: Meta, description: "The server's versions and clock." },
				errors: [],
				handle: () => getMeta({ demoSignIn: demoSignIn() }),
			}),
		];
	},
};
