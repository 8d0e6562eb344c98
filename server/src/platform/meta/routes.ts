import { Meta } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { defineRoute } from "../../http/route";
import { getMeta } from "./get-meta";

export const metaModule: AppModule = {
	name: "meta",
	routes: () => [
		defineRoute({
			method: "get",
			path: "/v1/meta",
			operationId: "getMeta",
			summary: "Protocol and server version, and the server clock",
			description: "The plugin and game call this first and refuse a server whose protocol major version differs from theirs.",
			tags: ["meta"],
			access: { kind: "public" },
			response: { status: 200, body: Meta, description: "The server's versions and clock." },
			errors: [],
			handle: () => getMeta(),
		}),
	],
};
