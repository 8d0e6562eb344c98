import type { ApiKeySummary } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { API_KEY_COLUMNS, toApiKeySummary, type ApiKeyRow } from "./api-key-row";

/** The school's keys, newest first, revoked ones included (with revokedAt) so the record stays readable. */
export async function listApiKeys(deps: Pick<AppDependencies, "infra">, caller: UserCaller): Promise<ApiKeySummary[]> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT 1000`, {
			bind: [tenantId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return rows.map(toApiKeySummary);
	});
}
