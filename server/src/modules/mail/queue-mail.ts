import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { QueryTypes, type Transaction } from "sequelize";
import { withSystem } from "../../db/tenant-scope";
import type { Infrastructure } from "../../infrastructure.types";
import { enqueueWithOutbox } from "../../jobs/outbox";
import { MAIL_SEND, normalizeAddress } from "./mail-names";
import { type MailTemplateData, type MailTemplateName, mailTemplateNamed } from "./templates/catalog";

/** What queueing mail needs: the database and queue (the logger reports a relay that failed after commit). */
export interface MailDeps {
	readonly infra: Pick<Infrastructure, "db" | "queue">;
	readonly logger?: Logger;
}

export interface QueueMail<T extends MailTemplateName> {
	/** The school the mail is about: its name goes in the mail, its admins see the message. None before a school exists. */
	readonly tenantId?: string;
	readonly to: string;
	readonly template: T;
	/** What the template needs (checked against its schema now: bad data fails the caller, not the job). */
	readonly data: MailTemplateData[T];
	/**
	 * One message per key, ever: e.g. `invitation:<invitationId>:<send>`, `password-reset:<resetId>`,
	 * `dunning:<invoiceId>:<reminder>`. Queueing the same key again returns the first message and sends nothing.
	 */
	readonly idempotencyKey: string;
}

export interface QueuedMail {
	readonly messageId: string;
	/** False when the key had been queued before (nothing new is sent). */
	readonly created: boolean;
}

/** The payload of the mail.send job. */
export interface MailSendPayload {
	readonly messageId: string;
	/** 1 for the first send; each retry the job schedules itself counts up. */
	readonly attempt: number;
}

/**
 * The one way to send mail: records the message (status `queued`) and its mail.send job in the caller's transaction
 * (the outbox), so the mail goes if and only if the change that causes it commits. Without a transaction it opens
 * its own. The template decides whether the mail is essential (always sent) or a notice (honours opt-outs).
 */
export async function queueMail<T extends MailTemplateName>(deps: MailDeps, input: QueueMail<T>, options: { readonly transaction?: Transaction } = {}): Promise<QueuedMail> {
	const template = mailTemplateNamed(input.template);
	const data = template.data.parse(input.data) as object;
	const db = deps.infra.db;
	// The mail module's records belong to the system: mail to someone with no school yet has no tenant to scope by.
	return withSystem(
		db,
		async (transaction) => {
			const rows = await db.query<{ id: string }>(
				`INSERT INTO mail_messages (tenant_id, to_address, to_normalized, template, category, data, idempotency_key, unsubscribe_token)
				 VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
				 ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
				{
					bind: [
						input.tenantId ?? null,
						input.to.trim(),
						normalizeAddress(input.to),
						template.name,
						template.category,
						JSON.stringify(data),
						input.idempotencyKey,
						randomBytes(24).toString("hex"),
					],
					type: QueryTypes.SELECT,
					transaction,
				},
			);
			const created = rows[0];
			if (created === undefined) {
				const [existing] = await db.query<{ id: string }>("SELECT id FROM mail_messages WHERE idempotency_key = $1", {
					bind: [input.idempotencyKey],
					type: QueryTypes.SELECT,
					transaction,
				});
				if (existing === undefined) throw new Error("mail_messages: the idempotency key conflicted but no row holds it");
				return { messageId: existing.id, created: false };
			}
			await scheduleSend(deps, created.id, `${created.id}:1`, transaction);
			return { messageId: created.id, created: true };
		},
		options.transaction === undefined ? {} : { transaction: options.transaction },
	);
}

/** The message's mail.send job through the outbox; `key` makes a resend a new job and a repeated relay the same one. */
export async function scheduleSend(deps: MailDeps, messageId: string, key: string, transaction: Transaction): Promise<void> {
	const payload: MailSendPayload = { messageId, attempt: 1 };
	await enqueueWithOutbox(
		{ db: deps.infra.db, queue: deps.infra.queue, ...(deps.logger === undefined ? {} : { logger: deps.logger }) },
		{ name: MAIL_SEND, payload, idempotencyKey: key },
		{ transaction },
	);
}
