import type { ApiKeyScope, ApiKeySummary } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import { trace } from "../tenancy/change-member-roles";
import { generateApiKeySecret } from "./api-key-secret";
import { API_KEY_COLUMNS, toApiKeySummary, type ApiKeyRow } from "./api-key-row";

export interface CreateApiKey {
	readonly tenantId: string;
	readonly actorUserId: string;
	readonly name: string;
	readonly scopes: ReadonlyArray<ApiKeyScope>;
	readonly universeId?: number;
	readonly ip?: string;
	readonly requestId?: string;
}

/** A key for a game server. The secret is returned here and never again: only its hash is stored. */
export async function createApiKey(db: Sequelize, create: CreateApiKey): Promise<{ apiKey: ApiKeySummary; secret: string }> {
	const { secret, hash, displayPrefix } = generateApiKeySecret();
	const scopes = [...new Set(create.scopes)].sort();
	return withTenant(db, create.tenantId, async (transaction) => {
		const [row] = await db.query<ApiKeyRow>(
			`INSERT INTO api_keys (tenant_id, name, prefix, secret_hash, scopes, universe_id, created_by_user_id)
			 VALUES ($1, $2, $3, $4, $5::text[], $6, $7) RETURNING ${API_KEY_COLUMNS}`,
			{
				bind: [create.tenantId, create.name.trim() || create.name, displayPrefix, hash, scopes, create.universeId ?? null, create.actorUserId],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const apiKey = toApiKeySummary(row as ApiKeyRow);
		await recordAudit(
			db,
			{
				action: "apikey.created",
				tenantId: create.tenantId,
				actorUserId: create.actorUserId,
				targetType: "api_key",
				targetId: apiKey.id,
				...trace(create),
				details: { scopes, ...(create.universeId === undefined ? {} : { universeId: create.universeId }) },
			},
			{ transaction },
		);
		return { apiKey, secret };
	});
}
