import type { ApiKeyIdentity, TenantSummary } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { ApiKeyCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { API_KEY_COLUMNS, type ApiKeyRow, toApiKeySummary } from "./api-key-row";

/** The key the request is made with and its school, by name: what a person checking a key (`toolboxai whoami`) wants to see. */
export async function currentApiKey(deps: Pick<AppDependencies, "infra">, caller: ApiKeyCaller): Promise<ApiKeyIdentity> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const [tenant] = await db.query<TenantSummary>("SELECT id, name, kind FROM tenants WHERE id = $1", { bind: [caller.tenantId], type: QueryTypes.SELECT, transaction });
		const [key] = await db.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2`, {
			bind: [caller.tenantId, caller.actor.apiKeyId],
			type: QueryTypes.SELECT,
			transaction,
		});
		// Authentication found the key a moment ago; gone now means it went in between: as if it had not been found.
		if (tenant === undefined || key === undefined) throw new AppError("unauthenticated", "This API key no longer exists.");
		return { tenant: { id: tenant.id, name: tenant.name, kind: tenant.kind }, apiKey: toApiKeySummary(key) };
	});
}
