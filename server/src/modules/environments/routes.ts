import { Environment, EnvironmentCreateRequest, EnvironmentDeleted, EnvironmentList, EnvironmentUpdateRequest } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { defineRoute } from "../../http/route";
import { callerOf, pathId, userCallerOf } from "../../http/request-context";
import { createEnvironment } from "./create-environment";
import { deleteEnvironment } from "./delete-environment";
import { getEnvironment } from "./get-environment";
import { listEnvironments } from "./list-environments";
import { updateEnvironment } from "./update-environment";

const environmentId = (params: Readonly<Record<string, string>>) => pathId(params.environmentId, "environment");

const KEY_CHECK =
	"A key is checked with Roblox (key introspection) before anything is saved: 422 open_cloud_key_rejected when Roblox says it is invalid, disabled or expired (details.reason), 502 upstream_failed when Roblox cannot be reached or does not answer within the check's budget (the answer comes within 3 s whatever Roblox does; nothing is saved, and the environment can be saved without a key meanwhile). The key is stored encrypted and never returned; openCloudKey shows its last four characters, its scopes and the required ones it lacks (missingScopes).";

/** Deployment environments: where a school's experience is deployed, and the Open Cloud key it deploys with. */
export const environmentsModule: AppModule = {
	name: "environments",
	routes: (deps) => [
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
			handle: ({ req, body }) => createEnvironment(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/environments",
			operationId: "listEnvironments",
			summary: "The school's deployment environments, by name",
			description: "A person with deployments:read, or an API key with deployments:write (the CLI lists where it can deploy).",
			tags: ["deployments"],
			access: { kind: "user_or_api_key", permission: "deployments:read", scope: "deployments:write" },
			response: { status: 200, body: EnvironmentList, description: "Every live environment (deleted ones are not listed)." },
			errors: [],
			handle: ({ req }) => listEnvironments(deps, callerOf(req)),
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
			handle: ({ req, params }) => getEnvironment(deps, userCallerOf(req), { environmentId: environmentId(params) }),
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
			handle: ({ req, params, body }) => updateEnvironment(deps, userCallerOf(req), { ...body, environmentId: environmentId(params) }),
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
			handle: ({ req, params }) => deleteEnvironment(deps, userCallerOf(req), { environmentId: environmentId(params) }),
		}),
	],
};
