import { createHash } from "node:crypto";
import { countOutboundSend } from "../../observability/metrics";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { z } from "zod";
import { withSystem } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import type { JobDefinition, MailMessage } from "../../infrastructure.types";
import { MailRejectedError, MailRetryLaterError } from "../../integrations/mail/errors";
import { payloadParser } from "../../jobs/payload";
import { MAIL_SEND } from "./mail-names";
import { loadMailMessage, type MailMessageRow, suppressionsOf } from "./mail-message-row";
import type { MailSendPayload } from "./queue-mail";
import { isMailTemplateName, mailTemplateNamed } from "./templates/catalog";
import { renderMail } from "./templates/render";
import { oneClickUnsubscribeUrl, unsubscribePageUrl } from "./unsubscribe-link";

/** Sends a message at most this many times before it is marked failed. */
export const MAIL_SEND_ATTEMPTS = 6;
/**
 * The wait before a retry when the provider gave no time of its own: 1 s, 4 s, 16 s, ~1 min, ~4 min. Past that the
 * message is failed and shown on the Mail page, where an admin can send it again.
 */
export function mailRetryDelayMs(failedAttempts: number): number {
	return 1_000 * 4 ** (failedAttempts - 1);
}

const schema = z.object({ messageId: z.uuid(), attempt: z.number().int().min(1).max(100) });
/**
 * Version 1 carried the rendered mail itself. Such a job may still wait in Redis from before an upgrade (or be enqueued
 * by an instance not yet upgraded): it is sent as it is, so no reset is lost in a rolling deploy.
 */
const legacySchema = z.object({
	to: z.email().max(320),
	subject: z.string().min(1).max(998),
	text: z.string().max(1_000_000),
	html: z.string().max(2_000_000).optional(),
	template: z.string().max(200).optional(),
});
type LegacyMail = z.infer<typeof legacySchema>;

type Deps = Pick<AppDependencies, "config" | "infra">;

/**
 * Sends one queued message: skips it when it was sent already (a job run twice sends once), honours suppressions for
 * mail that is not essential, renders its template, and records the outcome. A provider refusal (4xx) fails the
 * message with its reason at once; a 429 or 5xx schedules the next attempt itself, at the time the provider named
 * (its rate-limit reset) or with backoff, so the wait follows SendGrid rather than the queue's fixed schedule.
 */
export function mailSendJob(deps: Deps): JobDefinition<MailSendPayload | LegacyMail> {
	return {
		name: MAIL_SEND,
		version: 2,
		parse: payloadParser(MAIL_SEND, z.union([schema, legacySchema])),
		// The job's own retries are for our failures (the database); the provider's are scheduled above.
		attempts: 5,
		backoffMs: 2_000,
		async handle(job, { logger, jobId }) {
			if (!("messageId" in job)) {
				await deps.infra.mail.send(job);
				return;
			}
			const payload = job;
			const db = deps.infra.db;
			const row = await withSystem(db, (transaction) => loadMailMessage(db, transaction, payload.messageId));
			if (row === undefined || row.status !== "queued") return;
			const suppressed = row.category === "notice" ? await withSystem(db, (transaction) => suppressionsOf(db, transaction, row.to_normalized)) : [];
			if (suppressed.length > 0) {
				await record(db, row.id, { status: "suppressed", failureReason: `Not sent: the address is on the suppression list (${suppressed.join(", ")}).` });
				return;
			}
			const message = await compose(deps, row);
			const attempts = row.send_attempts + 1;
			try {
				const { messageId } = await deps.infra.mail.send(message);
				await record(db, row.id, { status: "sent", providerMessageId: messageId, attempts, driver: deps.infra.mail.driver });
				countOutboundSend("mail", "sent");
				logger.info({ mailMessageId: row.id, template: row.template, driver: deps.infra.mail.driver }, "mail sent");
			} catch (error) {
				if (error instanceof MailRejectedError) {
					await record(db, row.id, { status: "failed", failureReason: error.reason, attempts });
					countOutboundSend("mail", "failed");
					logger.warn({ mailMessageId: row.id, reason: error.reason }, "mail refused by the provider; not retried");
					return;
				}
				const reason = error instanceof MailRetryLaterError ? error.reason : error instanceof Error ? error.message : String(error);
				if (attempts >= MAIL_SEND_ATTEMPTS) {
					await record(db, row.id, { status: "failed", failureReason: `Gave up after ${attempts} attempts: ${reason}`, attempts });
					countOutboundSend("mail", "failed");
					return;
				}
				const retryAfter = error instanceof MailRetryLaterError ? error.retryAfterMs : undefined;
				const delayMs = Math.max(retryAfter ?? 0, retryAfter === undefined ? mailRetryDelayMs(attempts) : 0);
				await record(db, row.id, { status: "queued", failureReason: `Attempt ${attempts} failed (${reason}); retrying.`, attempts });
				const next: MailSendPayload = { messageId: row.id, attempt: payload.attempt + 1 };
				// Keyed by this job: run again after a crash, it schedules the same retry, never a second one; a resend's
				// retries are jobs of their own.
				const key = `${row.id}:after:${createHash("sha256").update(jobId).digest("hex").slice(0, 32)}`;
				await deps.infra.queue.enqueue(MAIL_SEND, next, { idempotencyKey: key, delayMs });
				logger.info({ mailMessageId: row.id, delayMs, reason }, "mail provider asked to retry later");
			}
		},
	};
}

async function compose(deps: Deps, row: MailMessageRow): Promise<MailMessage> {
	if (!isMailTemplateName(row.template)) throw new MailRejectedError(`Unknown template "${row.template}"`);
	const template = mailTemplateNamed(row.template);
	const db = deps.infra.db;
	const schoolName = row.tenant_id === null ? undefined : await withSystem(db, (transaction) => tenantName(db, transaction, row.tenant_id as string));
	const notice = row.category === "notice";
	const unsubscribe = notice ? unsubscribePageUrl(deps.config.publicUrl, row.unsubscribe_token) : undefined;
	const rendered = renderMail(template, row.data, { ...(schoolName === undefined ? {} : { schoolName }), ...(unsubscribe === undefined ? {} : { unsubscribeUrl: unsubscribe }) });
	return {
		to: row.to_address,
		subject: rendered.subject,
		text: rendered.text,
		html: rendered.html,
		template: row.template,
		customArgs: { mail_message_id: row.id },
		...(row.category === "essential"
			? { bypassSuppressions: true }
			: { headers: { "List-Unsubscribe": `<${oneClickUnsubscribeUrl(deps.config.publicUrl, row.unsubscribe_token)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } }),
	};
}

async function tenantName(db: Sequelize, transaction: Transaction, tenantId: string): Promise<string | undefined> {
	const [row] = await db.query<{ name: string }>("SELECT name FROM tenants WHERE id = $1", { bind: [tenantId], type: QueryTypes.SELECT, transaction });
	return row?.name;
}

interface Outcome {
	readonly status: "sent" | "failed" | "queued" | "suppressed";
	readonly providerMessageId?: string;
	readonly failureReason?: string;
	readonly attempts?: number;
	/** Set when the provider took the message: which driver, and sent_at is stamped. */
	readonly driver?: "outbox" | "sendgrid";
}

async function record(db: Sequelize, id: string, outcome: Outcome): Promise<void> {
	await withSystem(db, (transaction) =>
		db.query(
			`UPDATE mail_messages SET status = $2, provider_message_id = COALESCE($3, provider_message_id), failure_reason = $4,
			        send_attempts = COALESCE($5, send_attempts), driver = COALESCE($6, driver),
			        sent_at = CASE WHEN $7 THEN now() ELSE sent_at END, status_at = now(), updated_at = now()
			 WHERE id = $1`,
			{
				bind: [
					id,
					outcome.status,
					outcome.providerMessageId ?? null,
					outcome.failureReason?.slice(0, 1000) ?? null,
					outcome.attempts ?? null,
					outcome.driver ?? null,
					outcome.driver !== undefined,
				],
				transaction,
			},
		),
	);
}
