import type { RuntimeWhoAmI } from "@toolboxai/shared";
import type { ApiKeyPrincipal } from "./authenticate-api-key";

/** What the calling game server's key is: its school, its id and scopes (proves a key works end to end). */
export function runtimeWhoAmI(principal: ApiKeyPrincipal): RuntimeWhoAmI {
	return { tenantId: principal.tenantId, apiKeyId: principal.apiKeyId, scopes: [...principal.scopes] };
}
