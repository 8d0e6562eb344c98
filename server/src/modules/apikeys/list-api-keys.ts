import type { ApiKeyList, Infer } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec, pageOf } from "../../http/cursor";
import { API_KEY_COLUMNS, toApiKeySummary, type ApiKeyRow } from "./api-key-row";

export const API_KEY_PAGE_DEFAULT = 50;
export const API_KEY_PAGE_MAX = 200;

export interface ApiKeyListQuery {
	readonly cursor?: string;
	readonly limit?: number;
}

/** The position after a page's last key: created_at exactly as Postgres prints it, then the id. */
const apiKeyCursor = cursorCodec<{ createdAt: string; id: string }>("k1", { createdAt: "timestamp", id: "uuid" });

/** The school's keys, newest first, revoked ones included (with revokedAt) so the record stays readable; one page at a time. */
export async function listApiKeys(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: ApiKeyListQuery = {}): Promise<Infer<typeof ApiKeyList>> {
	const db = deps.infra.db;
	const limit = Math.min(Math.max(input.limit ?? API_KEY_PAGE_DEFAULT, 1), API_KEY_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : apiKeyCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<ApiKeyRow & { created_at_exact: string }>(
			`SELECT ${API_KEY_COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact
			 FROM api_keys
			 WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
			 ORDER BY created_at DESC, id DESC
			 LIMIT $4`,
			{ bind: [caller.tenantId, after?.createdAt ?? null, after?.id ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		return pageOf(rows, limit, toApiKeySummary, (last) => apiKeyCursor.encode({ createdAt: last.created_at_exact, id: last.id }));
	});
}
