import { QueryTypes, type Transaction } from "sequelize";
import type { Sequelize } from "sequelize";
import type { MailStatus } from "./mail-names";

export interface MailMessageRow {
	readonly id: string;
	readonly tenant_id: string | null;
	readonly to_address: string;
	readonly to_normalized: string;
	readonly template: string;
	readonly category: "essential" | "notice";
	readonly data: Record<string, unknown>;
	readonly status: MailStatus;
	readonly driver: "outbox" | "sendgrid" | null;
	readonly provider_message_id: string | null;
	readonly failure_reason: string | null;
	readonly send_attempts: number;
	readonly unsubscribe_token: string;
	readonly created_at: Date;
	readonly updated_at: Date;
	readonly sent_at: Date | null;
	readonly status_at: Date;
}

export const MAIL_MESSAGE_COLUMNS =
	"id, tenant_id, to_address, to_normalized, template, category, data, status, driver, provider_message_id, failure_reason, send_attempts, unsubscribe_token, created_at, updated_at, sent_at, status_at";

export async function loadMailMessage(db: Sequelize, transaction: Transaction, id: string): Promise<MailMessageRow | undefined> {
	const [row] = await db.query<MailMessageRow>(`SELECT ${MAIL_MESSAGE_COLUMNS} FROM mail_messages WHERE id = $1`, { bind: [id], type: QueryTypes.SELECT, transaction });
	return row;
}

/** The reasons an address is suppressed (empty: mail may go). */
export async function suppressionsOf(db: Sequelize, transaction: Transaction, normalized: string): Promise<string[]> {
	const rows = await db.query<{ reason: string }>("SELECT reason FROM mail_suppressions WHERE email_normalized = $1 ORDER BY reason", {
		bind: [normalized],
		type: QueryTypes.SELECT,
		transaction,
	});
	return rows.map((row) => row.reason);
}
