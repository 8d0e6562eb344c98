import { QueryTypes, type Transaction } from "sequelize";
import { MAIL_SEND } from "../../../jobs/definitions/mail-send";
import type { BillingDeps } from "../billing-deps";

export type BillingMailTemplate = "dunning-1" | "dunning-2" | "dunning-3" | "trial-ending" | "seats-nearly-used";

export interface BillingMail {
	readonly tenantId: string;
	readonly to: ReadonlyArray<string>;
	readonly template: BillingMailTemplate;
	readonly data: { readonly schoolName: string; readonly billingUrl: string; readonly seatsUsed?: number; readonly seatsBought?: number; readonly trialEndsAt?: string };
	/** Once per key and school, ever (e.g. per invoice and reminder): the row in billing_mails_sent enforces it. */
	readonly idempotencyKey: string;
}

/**
 * The one place billing mail leaves from. Enqueues the plain mail job per recipient after the caller's transaction
 * commits; returns false when this mail was already sent.
 */
export async function sendBillingMail(deps: BillingDeps, mail: BillingMail, options: { transaction: Transaction }): Promise<boolean> {
	const db = deps.infra.db;
	const inserted = await db.query("INSERT INTO billing_mails_sent (tenant_id, mail_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING mail_key", {
		bind: [mail.tenantId, mail.idempotencyKey],
		type: QueryTypes.SELECT,
		transaction: options.transaction,
	});
	if (inserted.length === 0) return false;
	const { subject, text } = compose(mail);
	options.transaction.afterCommit(async () => {
		for (const to of mail.to) {
			await deps.infra.queue
				.enqueue(MAIL_SEND, { to, subject, text, template: mail.template }, { idempotencyKey: `billing/${mail.tenantId}/${mail.idempotencyKey}/${to}` })
				.catch((error: unknown) => deps.logger.error({ err: error, template: mail.template }, "billing mail could not be queued"));
		}
	});
	return true;
}

function compose(mail: BillingMail): { subject: string; text: string } {
	const { schoolName, billingUrl } = mail.data;
	switch (mail.template) {
		case "dunning-1":
			return {
				subject: `Payment failed for ${schoolName}`,
				text: `We could not collect the payment for ${schoolName}'s ToolBoxAI subscription.\n\nUpdate the payment method here: ${billingUrl}\n\nStudents and teachers keep working for now.`,
			};
		case "dunning-2":
			return {
				subject: `Reminder: payment still failing for ${schoolName}`,
				text: `The payment for ${schoolName}'s ToolBoxAI subscription is still unpaid.\n\nUpdate the payment method here: ${billingUrl}`,
			};
		case "dunning-3":
			return {
				subject: `Last reminder: ${schoolName}'s subscription is unpaid`,
				text: `The payment for ${schoolName}'s ToolBoxAI subscription is still unpaid. When Stripe's retries end, the school becomes read-only.\n\nUpdate the payment method here: ${billingUrl}`,
			};
		case "trial-ending":
			return {
				subject: `${schoolName}'s free trial ends soon`,
				text: `${schoolName}'s ToolBoxAI trial ends on ${mail.data.trialEndsAt ?? "soon"}.\n\nSubscribe here to keep working: ${billingUrl}`,
			};
		case "seats-nearly-used":
			return {
				subject: `${schoolName} has used most of its student seats`,
				text: `${schoolName} uses ${mail.data.seatsUsed ?? 0} of ${mail.data.seatsBought ?? 0} student seats. New students are refused once all are used.\n\nAdd seats here: ${billingUrl}`,
			};
	}
}
