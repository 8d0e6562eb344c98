import { API_KEY_SCOPES, type ApiKeyScope, type ApiKeySummary } from "@toolboxai/shared";

export interface ApiKeyRow {
	readonly id: string;
	readonly name: string;
	readonly prefix: string;
	readonly scopes: string[];
	/** bigint arrives as a string from pg. */
	readonly universe_id: string | null;
	readonly created_at: Date;
	readonly last_used_at: Date | null;
	readonly revoked_at: Date | null;
}

export const API_KEY_COLUMNS = "id, name, prefix, scopes, universe_id, created_at, last_used_at, revoked_at";

export function toApiKeySummary(row: ApiKeyRow): ApiKeySummary {
	return {
		id: row.id,
		name: row.name,
		prefix: row.prefix,
		...(row.universe_id === null ? {} : { universeId: Number(row.universe_id) }),
		scopes: row.scopes.filter((scope): scope is ApiKeyScope => (API_KEY_SCOPES as ReadonlyArray<string>).includes(scope)),
		createdAt: row.created_at.toISOString(),
		...(row.last_used_at === null ? {} : { lastUsedAt: row.last_used_at.toISOString() }),
		...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at.toISOString() }),
	};
}
