import type { ApiKeyScope, ApiKeySummary } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { generateApiKeySecret } from "./api-key-secret";
import { API_KEY_COLUMNS, toApiKeySummary, type ApiKeyRow } from "./api-key-row";

export interface CreateApiKey {
	readonly name: string;
	readonly scopes: ReadonlyArray<ApiKeyScope>;
	readonly universeId?: number;
}

/** A key for a game server. The secret is returned here and never again: only its hash is stored. */
export async function createApiKey(deps: Pick<AppDependencies, "infra">, caller: UserCaller, create: CreateApiKey): Promise<{ apiKey: ApiKeySummary; secret: string }> {
	const db = deps.infra.db;
	const { secret, hash, displayPrefix } = generateApiKeySecret();
	const scopes = [...new Set(create.scopes)].sort();
	return withTenant(db, caller.tenantId, async (transaction) => {
		const [row] = await db.query<ApiKeyRow>(
			`INSERT INTO api_keys (tenant_id, name, prefix, secret_hash, scopes, universe_id, created_by_user_id)
			 VALUES ($1, $2, $3, $4, $5::text[], $6, $7) RETURNING ${API_KEY_COLUMNS}`,
			{
				bind: [caller.tenantId, create.name.trim() || create.name, displayPrefix, hash, scopes, create.universeId ?? null, caller.actor.userId],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const apiKey = toApiKeySummary(row as ApiKeyRow);
		await recordAudit(
			db,
			{
				action: "apikey.created",
				...auditedBy(caller),
				targetType: "api_key",
				targetId: apiKey.id,
				details: { scopes, ...(create.universeId === undefined ? {} : { universeId: create.universeId }) },
			},
			{ transaction },
		);
		return { apiKey, secret };
	});
}
