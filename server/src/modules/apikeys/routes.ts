import { ApiKeyCreated, ApiKeyCreateRequest, ApiKeyList, ApiKeySummary, RuntimeWhoAmI, type Infer } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { AppError } from "../../http/app-error";
import { defineRoute } from "../../http/route";
import { pathId, requestTrace, userPrincipal } from "../tenancy/request-context";
import { createApiKey } from "./create-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";
import { runtimeWhoAmI } from "./runtime-whoami";

export const apiKeysModule: AppModule = {
	name: "apikeys",
	routes: ({ infra }) => [
		defineRoute({
			method: "post",
			path: "/v1/api-keys",
			operationId: "createApiKey",
			summary: "Create an API key for a game server",
			description: "The secret is in this answer only: put it in the experience's Secrets store. Only its hash is kept.",
			tags: ["api-keys"],
			access: { kind: "user", permission: "apikeys:manage" },
			request: { body: ApiKeyCreateRequest, example: { name: "Fractions experience (production)", universeId: 4815162342, scopes: ["runtime:read", "progress:write"] } as Infer<typeof ApiKeyCreateRequest> },
			response: { status: 201, body: ApiKeyCreated, description: "The key, and its secret (shown once)." },
			errors: [],
			handle: ({ req, body }) => {
				const principal = userPrincipal(req);
				return createApiKey(infra.db, {
					tenantId: principal.tenantId,
					actorUserId: principal.userId,
					name: body.name,
					scopes: body.scopes,
					...(body.universeId === undefined ? {} : { universeId: body.universeId }),
					...requestTrace(req),
				});
			},
		}),
		defineRoute({
			method: "get",
			path: "/v1/api-keys",
			operationId: "listApiKeys",
			summary: "The school's API keys",
			tags: ["api-keys"],
			access: { kind: "user", permission: "apikeys:manage" },
			response: { status: 200, body: ApiKeyList, description: "Newest first, revoked ones included." },
			errors: [],
			handle: async ({ req }) => ({ items: await listApiKeys(infra.db, userPrincipal(req).tenantId) }),
		}),
		defineRoute({
			method: "delete",
			path: "/v1/api-keys/:apiKeyId",
			operationId: "revokeApiKey",
			summary: "Revoke an API key",
			description: "The key stops working at once. Revoking a revoked key answers the same.",
			tags: ["api-keys"],
			access: { kind: "user", permission: "apikeys:manage" },
			response: { status: 200, body: ApiKeySummary, description: "The revoked key." },
			errors: ["not_found"],
			handle: ({ req, params }) => {
				const principal = userPrincipal(req);
				return revokeApiKey(infra.db, { tenantId: principal.tenantId, actorUserId: principal.userId, apiKeyId: pathId(params.apiKeyId, "API key"), ...requestTrace(req) });
			},
		}),
		defineRoute({
			method: "get",
			path: "/v1/runtime/whoami",
			operationId: "getRuntimeWhoAmI",
			summary: "Which school and scopes the calling game server's key has",
			description: "For game servers: send the key as `X-Api-Key` (or `Authorization: Bearer tbx_…`). Proves a key works.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "runtime:read" },
			response: { status: 200, body: RuntimeWhoAmI, description: "The key's school, id and scopes." },
			errors: ["rate_limited"],
			handle: ({ req }) => {
				const principal = req.principal;
				if (principal?.kind !== "api_key") throw new AppError("unauthenticated", "This operation needs an API key.");
				return runtimeWhoAmI(principal);
			},
		}),
	],
};
