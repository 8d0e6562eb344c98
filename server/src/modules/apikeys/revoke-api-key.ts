import type { ApiKeySummary } from "@toolboxai/shared";
import { notFound } from "../../errors/app-error";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { apiKeysEpoch } from "./api-key-authenticator";
import { API_KEY_COLUMNS, toApiKeySummary, type ApiKeyRow } from "./api-key-row";

export interface RevokeApiKey {
	readonly apiKeyId: string;
}

/**
 * Stops a key working from the next request on, on every instance: the shared epoch moves before this answers, so
 * instances that kept the key verified ask the database again. Revoking twice is a no-op (same answer, one audit event).
 */
export async function revokeApiKey(deps: Pick<AppDependencies, "infra" | "config">, caller: UserCaller, revoke: RevokeApiKey): Promise<ApiKeySummary> {
	const summary = await revokeInDatabase(deps, caller, revoke);
	await apiKeysEpoch(deps).bump();
	return summary;
}

async function revokeInDatabase(deps: Pick<AppDependencies, "infra">, caller: UserCaller, revoke: RevokeApiKey): Promise<ApiKeySummary> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	return withTenant(db, tenantId, async (transaction) => {
		const [updated] = await db.query<ApiKeyRow>(`UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING ${API_KEY_COLUMNS}`, {
			bind: [tenantId, revoke.apiKeyId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (updated !== undefined) {
			await recordAudit(db, { action: "apikey.revoked", ...auditedBy(caller), targetType: "api_key", targetId: revoke.apiKeyId }, { transaction });
			return toApiKeySummary(updated);
		}
		const [existing] = await db.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2`, {
			bind: [tenantId, revoke.apiKeyId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (existing === undefined) throw notFound("API key");
		return toApiKeySummary(existing);
	});
}
