import { API_KEY_SCOPES, type ApiKeyScope } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withSystem } from "../../db/tenant-scope";
import type { ApiKeyActor } from "../../access/caller";
import { hashApiKeySecret, looksLikeApiKey } from "./api-key-secret";

/** Who a valid key speaks for: its school and itself (the request adds the origin to make the Caller). */
export interface ApiKeyIdentity {
	readonly tenantId: string;
	readonly actor: ApiKeyActor;
}

/** last_used_at is for people ("is this key still in use?"): minute precision spares a write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

interface Row {
	readonly id: string;
	readonly tenant_id: string;
	readonly scopes: string[];
	readonly last_used_at: Date | null;
}

/**
 * The identity of a game server presenting `secret` (from its X-Api-Key header), or undefined for an
 * unknown, malformed or revoked key. Looked up by hash as the system role: the tenant is what we learn here.
 */
export async function authenticateApiKey(db: Sequelize, secret: string, options: { now?: Date } = {}): Promise<ApiKeyIdentity | undefined> {
	if (!looksLikeApiKey(secret)) return undefined;
	const now = options.now ?? new Date();
	return withSystem(db, async (transaction) => {
		const [row] = await db.query<Row>("SELECT id, tenant_id, scopes, last_used_at FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL", {
			bind: [hashApiKeySecret(secret)],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (row === undefined) return undefined;
		if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
			await db.query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1", { bind: [row.id, now], transaction });
		}
		const scopes = row.scopes.filter((scope): scope is ApiKeyScope => (API_KEY_SCOPES as ReadonlyArray<string>).includes(scope));
		return { tenantId: row.tenant_id, actor: { kind: "api_key", apiKeyId: row.id, scopes } };
	});
}
