import type { ApiKeySummary } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import { trace } from "../tenancy/change-member-roles";
import { notFound } from "../tenancy/request-context";
import { API_KEY_COLUMNS, toApiKeySummary, type ApiKeyRow } from "./api-key-row";

export interface RevokeApiKey {
	readonly tenantId: string;
	readonly actorUserId: string;
	readonly apiKeyId: string;
	readonly ip?: string;
	readonly requestId?: string;
}

/** Stops a key working from the next request on. Revoking twice is a no-op (same answer, one audit event). */
export async function revokeApiKey(db: Sequelize, revoke: RevokeApiKey): Promise<ApiKeySummary> {
	return withTenant(db, revoke.tenantId, async (transaction) => {
		const [updated] = await db.query<ApiKeyRow>(
			`UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING ${API_KEY_COLUMNS}`,
			{ bind: [revoke.tenantId, revoke.apiKeyId], type: QueryTypes.SELECT, transaction },
		);
		if (updated !== undefined) {
			await recordAudit(
				db,
				{ action: "apikey.revoked", tenantId: revoke.tenantId, actorUserId: revoke.actorUserId, targetType: "api_key", targetId: revoke.apiKeyId, ...trace(revoke) },
				{ transaction },
			);
			return toApiKeySummary(updated);
		}
		const [existing] = await db.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2`, {
			bind: [revoke.tenantId, revoke.apiKeyId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (existing === undefined) throw notFound("API key");
		return toApiKeySummary(existing);
	});
}
