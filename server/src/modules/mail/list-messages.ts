import type { MailRecord } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec } from "../../http/cursor";
import { MAIL_MESSAGE_COLUMNS, type MailMessageRow } from "./mail-message-row";
import { type MailStatus, normalizeAddress } from "./mail-names";

export const MAIL_PAGE_DEFAULT = 50;
export const MAIL_PAGE_MAX = 200;

const mailCursor = cursorCodec<{ createdAt: string; id: string }>("m1", { createdAt: "timestamp", id: "uuid" });

export interface ListMailMessages {
	readonly recipient?: string;
	readonly template?: string;
	readonly status?: MailStatus;
	readonly cursor?: string;
	readonly limit?: number;
}

/** The school's messages, newest first, filtered by recipient (any letter case), template and status. */
export async function listMailMessages(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: ListMailMessages): Promise<{ items: MailRecord[]; nextCursor?: string }> {
	const db = deps.infra.db;
	const limit = Math.min(Math.max(input.limit ?? MAIL_PAGE_DEFAULT, 1), MAIL_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : mailCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<MailMessageRow & { created_at_exact: string }>(
			`SELECT ${MAIL_MESSAGE_COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact
			 FROM mail_messages
			 WHERE tenant_id = $1 AND ($2::text IS NULL OR to_normalized = $2) AND ($3::text IS NULL OR template = $3) AND ($4::text IS NULL OR status = $4)
			   AND ($5::timestamptz IS NULL OR (created_at, id) < ($5::timestamptz, $6::uuid))
			 ORDER BY created_at DESC, id DESC LIMIT $7`,
			{
				bind: [
					caller.tenantId,
					input.recipient === undefined ? null : normalizeAddress(input.recipient),
					input.template ?? null,
					input.status ?? null,
					after?.createdAt ?? null,
					after?.id ?? null,
					limit + 1,
				],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map(toMailRecord),
			...(rows.length > limit && last !== undefined ? { nextCursor: mailCursor.encode({ createdAt: last.created_at_exact, id: last.id }) } : {}),
		};
	});
}

export function toMailRecord(row: MailMessageRow): MailRecord {
	return {
		id: row.id,
		to: row.to_address,
		template: row.template,
		category: row.category,
		status: row.status,
		...(row.driver === null ? {} : { driver: row.driver }),
		...(row.provider_message_id === null ? {} : { providerMessageId: row.provider_message_id }),
		...(row.failure_reason === null ? {} : { failureReason: row.failure_reason }),
		sendAttempts: row.send_attempts,
		createdAt: row.created_at.toISOString(),
		...(row.sent_at === null ? {} : { sentAt: row.sent_at.toISOString() }),
		statusAt: row.status_at.toISOString(),
	};
}
