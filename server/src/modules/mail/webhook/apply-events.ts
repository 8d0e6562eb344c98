import { isUuid } from "@toolboxai/shared/node";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";
import type { MailStatus } from "../mail-names";
import { normalizeAddress } from "../mail-names";

/** One SendGrid event as we read it: the fields we use, the rest ignored. */
export interface SendGridEvent {
	readonly sg_event_id: string;
	readonly event: string;
	readonly email?: string;
	readonly sg_message_id?: string;
	readonly mail_message_id?: string;
	readonly type?: string;
	readonly reason?: string;
	readonly response?: string;
}

/** What each delivery event makes of a message (engagement events such as open and click change nothing). */
const STATUS_OF_EVENT: Readonly<Record<string, MailStatus>> = {
	delivered: "delivered",
	deferred: "deferred",
	bounce: "bounced",
	dropped: "dropped",
	spamreport: "spam_report",
	unsubscribe: "unsubscribed",
	group_unsubscribe: "unsubscribed",
};

/**
 * Events arrive out of order and more than once: a status only moves forward (a late `deferred` never hides a
 * `delivered`, and nothing hides a bounce or a complaint).
 */
const RANK: Readonly<Record<MailStatus, number>> = {
	queued: 0,
	failed: 0,
	suppressed: 0,
	sent: 1,
	deferred: 2,
	delivered: 3,
	dropped: 4,
	bounced: 4,
	spam_report: 5,
	unsubscribed: 5,
};

/** Which events put the address on the suppression list (a `blocked` bounce is temporary: not suppressed). */
function suppressionOf(event: SendGridEvent): { reason: "bounce" | "spam_report" | "unsubscribe"; detail?: string } | undefined {
	if (event.event === "bounce" && event.type !== "blocked") return { reason: "bounce", ...(event.reason === undefined ? {} : { detail: event.reason }) };
	if (event.event === "spamreport") return { reason: "spam_report" };
	if (event.event === "unsubscribe" || event.event === "group_unsubscribe") return { reason: "unsubscribe" };
	return undefined;
}

/** Reads an element of the posted array; anything without an event id and a type is skipped. */
export function readEvent(value: unknown): SendGridEvent | undefined {
	if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
	const record = value as Record<string, unknown>;
	const text = (key: string, max = 1000) => (typeof record[key] === "string" && (record[key] as string).length <= max ? (record[key] as string) : undefined);
	const id = text("sg_event_id", 200);
	const event = text("event", 64);
	if (id === undefined || id === "" || event === undefined) return undefined;
	const optional = (key: keyof SendGridEvent, max?: number) => {
		const v = text(key, max);
		return v === undefined ? {} : { [key]: v };
	};
	return {
		sg_event_id: id,
		event,
		...optional("email", 320),
		...optional("sg_message_id", 300),
		...optional("mail_message_id", 64),
		...optional("type", 32),
		...optional("reason"),
		...optional("response"),
	} as SendGridEvent;
}

/** Applies one event once (its id is remembered); returns false for an event seen before. */
export async function applyEvent(db: Sequelize, event: SendGridEvent): Promise<boolean> {
	return withSystem(db, async (transaction) => {
		const messageId = await findMessage(db, transaction, event);
		const fresh = await db.query<{ event_id: string }>(
			"INSERT INTO mail_webhook_events (event_id, event, message_id) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
			{ bind: [event.sg_event_id, event.event, messageId ?? null], type: QueryTypes.SELECT, transaction },
		);
		if (fresh.length === 0) return false;
		const status = STATUS_OF_EVENT[event.event];
		if (messageId !== undefined && status !== undefined) await moveStatus(db, transaction, messageId, status, event);
		const suppression = suppressionOf(event);
		if (suppression !== undefined && event.email !== undefined) {
			await db.query(
				`INSERT INTO mail_suppressions (email_normalized, reason, detail, source) VALUES ($1, $2, $3, 'provider')
				 ON CONFLICT (email_normalized, reason) DO UPDATE SET detail = EXCLUDED.detail, created_at = now()`,
				{ bind: [normalizeAddress(event.email), suppression.reason, suppression.detail?.slice(0, 1000) ?? null], transaction },
			);
		}
		return true;
	});
}

/** Our id rides along as a custom arg; failing that, SendGrid's message id begins with the X-Message-Id we stored. */
async function findMessage(db: Sequelize, transaction: Transaction, event: SendGridEvent): Promise<string | undefined> {
	if (event.mail_message_id !== undefined && isUuid(event.mail_message_id)) {
		const [row] = await db.query<{ id: string }>("SELECT id FROM mail_messages WHERE id = $1", { bind: [event.mail_message_id], type: QueryTypes.SELECT, transaction });
		if (row !== undefined) return row.id;
	}
	const providerId = event.sg_message_id?.split(".")[0];
	if (providerId === undefined || providerId === "") return undefined;
	const [row] = await db.query<{ id: string }>("SELECT id FROM mail_messages WHERE provider_message_id = $1 LIMIT 1", { bind: [providerId], type: QueryTypes.SELECT, transaction });
	return row?.id;
}

async function moveStatus(db: Sequelize, transaction: Transaction, messageId: string, status: MailStatus, event: SendGridEvent): Promise<void> {
	const [row] = await db.query<{ status: MailStatus }>("SELECT status FROM mail_messages WHERE id = $1 FOR UPDATE", { bind: [messageId], type: QueryTypes.SELECT, transaction });
	if (row === undefined || RANK[status] < RANK[row.status]) return;
	const detail = status === "delivered" ? null : (event.reason ?? event.response ?? null);
	await db.query("UPDATE mail_messages SET status = $2, failure_reason = COALESCE($3, failure_reason), status_at = now(), updated_at = now() WHERE id = $1", {
		bind: [messageId, status, detail?.slice(0, 1000) ?? null],
		transaction,
	});
}
