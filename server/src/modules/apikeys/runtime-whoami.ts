import type { RuntimeWhoAmI } from "@toolboxai/shared";
import type { ApiKeyCaller } from "../../access/caller";

/** What the calling game server's key is: its school, its id and scopes (proves a key works end to end). */
export function runtimeWhoAmI(caller: ApiKeyCaller): RuntimeWhoAmI {
	return { tenantId: caller.tenantId, apiKeyId: caller.actor.apiKeyId, scopes: [...caller.actor.scopes] };
}
