import type { AuditEvent } from "@toolboxai/shared";
import { auditSentence, type AuditAction } from "@toolboxai/shared/node";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec } from "../../http/cursor";
import { AUDIT_ACTOR_NAME, AUDIT_NAME_COLUMNS } from "./audit-name-columns";
import { auditNamesOf, type NameColumns } from "./audit-names";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/** The position after a page's last event: its created_at exactly as Postgres prints it, and its id. */
export const auditCursor = cursorCodec<{ createdAt: string; id: string }>("v1", { createdAt: "timestamp", id: "uuid" });

/** What the list shows: all of it, or only events by someone (name contains), of one action, within a time span. */
export interface AuditFilters {
	/** Part of the actor's name (a member's or a key's), any letter case. */
	readonly who?: string;
	readonly action?: AuditAction;
	/** ISO 8601 UTC instants: from inclusive, to exclusive. */
	readonly from?: string;
	readonly to?: string;
}

export interface ListAuditEventsInput extends AuditFilters {
	readonly cursor?: string;
	readonly limit?: number;
}

interface Row extends NameColumns {
	readonly id: string;
	readonly action: string;
	readonly target_id: string | null;
	readonly ip: string | null;
	readonly request_id: string | null;
	readonly details: Record<string, unknown> | null;
	readonly created_at: Date;
	readonly created_at_exact: string;
}

/** `who` as an ILIKE pattern that matches the text itself: %, _ and \ typed by a person are literal. */
function containsPattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of the school's audit log, newest first, filtered; `nextCursor` continues with older events. */
export async function listAuditEvents(
	deps: Pick<AppDependencies, "infra">,
	caller: UserCaller,
	input: ListAuditEventsInput,
): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	const limit = Math.min(Math.max(input.limit ?? AUDIT_PAGE_DEFAULT, 1), AUDIT_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : auditCursor.decode(input.cursor);
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<Row>(
			`SELECT e.id, e.action, e.actor_user_id, e.actor_api_key_id, e.target_type, e.target_id, e.ip, e.request_id, e.details, e.created_at,
			        to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact,
			        ${AUDIT_NAME_COLUMNS}
			 FROM audit_events e
			 LEFT JOIN api_keys k ON k.tenant_id = e.tenant_id AND k.id = e.actor_api_key_id
			 WHERE e.tenant_id = $1 AND ($2::timestamptz IS NULL OR (e.created_at, e.id) < ($2::timestamptz, $3::uuid))
			   AND ($5::text IS NULL OR e.action = $5)
			   AND ($6::timestamptz IS NULL OR e.created_at >= $6::timestamptz)
			   AND ($7::timestamptz IS NULL OR e.created_at < $7::timestamptz)
			   AND ($8::text IS NULL OR ${AUDIT_ACTOR_NAME} ILIKE $8)
			 ORDER BY e.created_at DESC, e.id DESC
			 LIMIT $4`,
			{
				bind: [
					tenantId,
					after?.createdAt ?? null,
					after?.id ?? null,
					limit + 1,
					input.action ?? null,
					input.from ?? null,
					input.to ?? null,
					input.who === undefined ? null : containsPattern(input.who),
				],
				type: QueryTypes.SELECT,
				transaction,
			},
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
	const { names, actorName, targetName } = auditNamesOf(row);
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
		sentence: auditSentence(row.action, names, row.details ?? {}),
		...(actorName === undefined ? {} : { actorName }),
		...(targetName === undefined ? {} : { targetName }),
	};
}
