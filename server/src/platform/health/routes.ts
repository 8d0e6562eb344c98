import { Health, Readiness } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { defineRoute, reply } from "../../http/route";
import { checkHealth } from "./check-health";
import { checkReadiness } from "./check-readiness";

export const healthModule: AppModule = {
	name: "health",
	routes: ({ infra, lifecycle }) => [
		defineRoute({
			method: "get",
			path: "/healthz",
			operationId: "getHealth",
			summary: "Liveness: the process is up",
			tags: ["health"],
			access: { kind: "public" },
			response: { status: 200, body: Health, description: "The process answers." },
			errors: [],
			handle: () => checkHealth(),
		}),
		defineRoute({
			method: "get",
			path: "/readyz",
			operationId: "getReadiness",
			summary: "Readiness: the database and the job queue answer",
			description: "503 names the dependency that failed; also 503 while the process drains for shutdown.",
			tags: ["health"],
			access: { kind: "public" },
			response: { status: 200, body: Readiness, description: "Ready to take traffic." },
			otherResponses: [{ status: 503, body: Readiness, description: "Not ready: a dependency failed, or the process is shutting down." }],
			errors: [],
			handle: async ({ logger }) => {
				const readiness = await checkReadiness({ infra, lifecycle, logger });
				return readiness.status === "ok" ? readiness : reply(503, readiness);
			},
		}),
	],
};
