import type { AuditEvent } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec } from "../../http/cursor";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/** The position after a page's last event: its created_at exactly as Postgres prints it, and its id. */
export const auditCursor = cursorCodec<{ createdAt: string; id: string }>("v1", { createdAt: "timestamp", id: "uuid" });

interface Row {
	readonly id: string;
	readonly action: string;
	readonly actor_user_id: string | null;
	readonly actor_api_key_id: string | null;
	readonly target_type: string | null;
	readonly target_id: string | null;
	readonly ip: string | null;
	readonly request_id: string | null;
	readonly details: Record<string, unknown> | null;
	readonly created_at: Date;
	readonly created_at_exact: string;
}

/** One page of the school's audit log, newest first; `nextCursor` continues with older events. */
export async function listAuditEvents(
	deps: Pick<AppDependencies, "infra">,
	caller: UserCaller,
	page: { readonly cursor?: string; readonly limit?: number },
): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	const limit = Math.min(Math.max(page.limit ?? AUDIT_PAGE_DEFAULT, 1), AUDIT_PAGE_MAX);
	const after = page.cursor === undefined ? undefined : auditCursor.decode(page.cursor);
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<Row>(
			`SELECT id, action, actor_user_id, actor_api_key_id, target_type, target_id, ip, request_id, details, created_at,
			        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact
			 FROM audit_events
			 WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
			 ORDER BY created_at DESC, id DESC
			 LIMIT $4`,
			{ bind: [tenantId, after?.createdAt ?? null, after?.id ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map(toAuditEvent),
			...(rows.length > limit && last !== undefined ? { nextCursor: auditCursor.encode({ createdAt: last.created_at_exact, id: last.id }) } : {}),
		};
	});
}

function toAuditEvent(row: Row): AuditEvent {
	const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>));
	return {
		id: row.id,
		action: row.action,
		...optional("actorUserId", row.actor_user_id),
		...optional("actorApiKeyId", row.actor_api_key_id),
		...optional("targetType", row.target_type),
		...optional("targetId", row.target_id),
		...optional("ip", row.ip),
		...optional("requestId", row.request_id),
		...optional("details", row.details),
		createdAt: row.created_at.toISOString(),
	};
}
