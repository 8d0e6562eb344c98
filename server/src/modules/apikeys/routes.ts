import { ApiKeyCreated, ApiKeyCreateRequest, ApiKeyIdentity, ApiKeyList, ApiKeySummary, type Infer } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { apiKeyCallerOf, pathId, userCallerOf } from "../../http/request-context";
import { pageQuery, pageQueryParameters } from "../../http/query-params";
import { defineRoute } from "../../http/route";
import { createApiKey } from "./create-api-key";
import { currentApiKey } from "./current-api-key";
import { API_KEY_PAGE_DEFAULT, API_KEY_PAGE_MAX, listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";

export const apiKeysModule: AppModule = {
	name: "apikeys",
	routes: (deps) => [
		defineRoute({
			method: "post",
			path: "/v1/api-keys",
			operationId: "createApiKey",
			summary: "Create an API key for a game server",
			description: "The secret is in this answer only: put it in the experience's Secrets store. Only its hash is kept.",
			tags: ["api-keys"],
			access: { kind: "user", permission: "apikeys:manage" },
			request: {
				body: ApiKeyCreateRequest,
				example: { name: "Fractions experience (production)", universeId: 4815162342, scopes: ["runtime:read", "progress:write"] } as Infer<typeof ApiKeyCreateRequest>,
			},
			response: { status: 201, body: ApiKeyCreated, description: "The key, and its secret (shown once)." },
			errors: [],
			handle: ({ req, body }) => createApiKey(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/api-keys",
			operationId: "listApiKeys",
			summary: "The school's API keys",
			description: `Page with ?limit= (1-${API_KEY_PAGE_MAX}, default ${API_KEY_PAGE_DEFAULT}) and ?cursor= (the previous page's nextCursor).`,
			tags: ["api-keys"],
			access: { kind: "user", permission: "apikeys:manage" },
			query: pageQueryParameters({ defaultLimit: API_KEY_PAGE_DEFAULT, maxLimit: API_KEY_PAGE_MAX }),
			response: { status: 200, body: ApiKeyList, description: "Newest first, revoked ones included." },
			errors: ["bad_request"],
			handle: ({ req }) => listApiKeys(deps, userCallerOf(req), pageQuery(req, { defaultLimit: API_KEY_PAGE_DEFAULT, maxLimit: API_KEY_PAGE_MAX })),
		}),
		defineRoute({
			method: "get",
			path: "/v1/api-keys/current",
			operationId: "getCurrentApiKey",
			summary: "The API key this request is made with, and its school",
			description: "Any live key may ask, whatever its scopes: it proves the key works and says what it may do (`toolboxai whoami`).",
			tags: ["api-keys"],
			access: { kind: "api_key", scope: "any" },
			response: { status: 200, body: ApiKeyIdentity, description: "The key (never its secret) and its school." },
			errors: ["rate_limited"],
			handle: ({ req }) => currentApiKey(deps, apiKeyCallerOf(req)),
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
			handle: ({ req, params }) => revokeApiKey(deps, userCallerOf(req), { apiKeyId: pathId(params.apiKeyId, "API key") }),
		}),
	],
};
