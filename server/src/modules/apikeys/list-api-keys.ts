import type { ApiKeySummary } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { API_KEY_COLUMNS, toApiKeySummary, type ApiKeyRow } from "./api-key-row";

/** The school's keys, newest first, revoked ones included (with revokedAt) so the record stays readable. */
export async function listApiKeys(db: Sequelize, tenantId: string): Promise<ApiKeySummary[]> {
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT 1000`, {
			bind: [tenantId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return rows.map(toApiKeySummary);
	});
}
