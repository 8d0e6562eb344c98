import { Environment, EnvironmentCreateRequest, EnvironmentDeleted, EnvironmentList, EnvironmentUpdateRequest } from "@toolboxai/shared";
import type { Request } from "express";
import type { AppModule } from "../../http/app-module";
import { defineRoute } from "../../http/route";
import { pathId, requestTrace, userPrincipal } from "../tenancy/request-context";
import { createEnvironment } from "./create-environment";
import { deleteEnvironment } from "./delete-environment";
import type { EnvironmentCaller } from "./environment-caller";
import type { EnvironmentDeps } from "./environment-deps";
import { getEnvironment } from "./get-environment";
import { listEnvironments } from "./list-environments";
import { updateEnvironment } from "./update-environment";

function callerOf(req: Request): EnvironmentCaller {
	const principal = userPrincipal(req);
	return { tenantId: principal.tenantId, userId: principal.userId, ...requestTrace(req) };
}

const environmentId = (params: Readonly<Record<string, string>>) => pathId(params.environmentId, "environment");

const KEY_CHECK = "A key is checked with Roblox (key introspection) before anything is saved: 422 open_cloud_key_rejected when Roblox says it is invalid, disabled or expired (details.reason), 502 upstream_failed when Roblox cannot be reached. The key is stored encrypted and never returned; openCloudKey shows its last four characters, its scopes and the required ones it lacks (missingScopes).";

/** Deployment environments (issue 6): where a school's experience is deployed, and the Open Cloud key it deploys with. */
export const environmentsModule: AppModule = {
	name: "environments",
	routes: ({ infra, config }) => {
		const deps: EnvironmentDeps = { db: infra.db, config, openCloudClient: infra.openCloudClient };
		return [
			defineRoute({
				method: "post",
				path: "/v1/environments",
				operationId: "createEnvironment",
				summary: "Create a deployment environment",
				description: `Names are unique per school among live environments (409 conflict), 1-32 of a-z, 0-9 and -. Without openCloudApiKey, deploys to it are dry runs. ${KEY_CHECK}`,
				tags: ["deployments"],
				access: { kind: "user", permission: "deployments:manage" },
				request: { body: EnvironmentCreateRequest, example: { name: "staging", universeId: 4815162342, placeId: 1623420815 } },
				response: { status: 201, body: Environment, description: "The new environment." },
				errors: ["conflict", "open_cloud_key_rejected", "upstream_failed"],
				handle: ({ req, body }) => createEnvironment(deps, callerOf(req), body),
			}),
			defineRoute({
				method: "get",
				path: "/v1/environments",
				operationId: "listEnvironments",
				summary: "The school's deployment environments, by name",
				tags: ["deployments"],
				access: { kind: "user", permission: "deployments:read" },
				response: { status: 200, body: EnvironmentList, description: "Every live environment (deleted ones are not listed)." },
				errors: [],
				handle: async ({ req }) => ({ items: await listEnvironments(infra.db, callerOf(req).tenantId) }),
			}),
			defineRoute({
				method: "get",
				path: "/v1/environments/:environmentId",
				operationId: "getEnvironment",
				summary: "One deployment environment",
				tags: ["deployments"],
				access: { kind: "user", permission: "deployments:read" },
				response: { status: 200, body: Environment, description: "The environment; never its key." },
				errors: ["not_found"],
				handle: ({ req, params }) => getEnvironment(infra.db, callerOf(req).tenantId, environmentId(params)),
			}),
			defineRoute({
				method: "patch",
				path: "/v1/environments/:environmentId",
				operationId: "updateEnvironment",
				summary: "Rename, re-point or re-key an environment",
				description: `openCloudApiKey "" removes the key (deploys become dry runs); groupId 0 clears the group. Changing the universe or group judges the stored scopes again. ${KEY_CHECK}`,
				tags: ["deployments"],
				access: { kind: "user", permission: "deployments:manage" },
				request: { body: EnvironmentUpdateRequest, example: { placeId: 1623420816 } },
				response: { status: 200, body: Environment, description: "The environment as it is now." },
				errors: ["not_found", "conflict", "open_cloud_key_rejected", "upstream_failed"],
				handle: ({ req, params, body }) => updateEnvironment(deps, callerOf(req), environmentId(params), body),
			}),
			defineRoute({
				method: "delete",
				path: "/v1/environments/:environmentId",
				operationId: "deleteEnvironment",
				summary: "Delete an environment",
				description: "Its deployment history stays; its key is discarded and its name is free again. 409 conflict while one of its deployments is queued or running.",
				tags: ["deployments"],
				access: { kind: "user", permission: "deployments:manage" },
				response: { status: 200, body: EnvironmentDeleted, description: "Deleted." },
				errors: ["not_found", "conflict"],
				handle: ({ req, params }) => deleteEnvironment(infra.db, callerOf(req), environmentId(params)),
			}),
		];
	},
};
