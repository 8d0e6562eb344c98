import { QueryTypes, type Transaction } from "sequelize";
import { queueMail } from "../../mail";
import type { BillingDeps } from "../billing-deps";

export type BillingMailTemplate = "dunning-first" | "dunning-second" | "dunning-final" | "trial-ending" | "seats-nearly-used";

export interface BillingMail {
	readonly tenantId: string;
	readonly to: ReadonlyArray<string>;
	readonly template: BillingMailTemplate;
	readonly data: { readonly schoolName: string; readonly billingUrl: string; readonly seatsUsed?: number; readonly seatsBought?: number; readonly trialEndsAt?: Date };
	/** Once per key and school, ever (e.g. per invoice and reminder): the row in billing_mails_sent enforces it. */
	readonly idempotencyKey: string;
}

/**
 * The one place billing mail leaves from: one mail per recipient through the mail module, in the caller's
 * transaction. Returns false when this mail was already sent (to whoever the contacts were then).
 */
export async function sendBillingMail(deps: BillingDeps, mail: BillingMail, options: { transaction: Transaction }): Promise<boolean> {
	const inserted = await deps.infra.db.query("INSERT INTO billing_mails_sent (tenant_id, mail_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING mail_key", {
		bind: [mail.tenantId, mail.idempotencyKey],
		type: QueryTypes.SELECT,
		transaction: options.transaction,
	});
	if (inserted.length === 0) return false;
	for (const to of mail.to) {
		const idempotencyKey = `billing/${mail.tenantId}/${mail.idempotencyKey}/${to.toLowerCase()}`;
		const base = { tenantId: mail.tenantId, to, idempotencyKey };
		const { schoolName, billingUrl } = mail.data;
		switch (mail.template) {
			case "trial-ending":
				await queueMail(deps, { ...base, template: mail.template, data: { schoolName, billingUrl, trialEndsOn: humanDay(mail.data.trialEndsAt ?? new Date()) } }, options);
				break;
			case "seats-nearly-used":
				await queueMail(
					deps,
					{ ...base, template: mail.template, data: { schoolName, billingUrl, seatsUsed: mail.data.seatsUsed ?? 0, seatsTotal: Math.max(1, mail.data.seatsBought ?? 1) } },
					options,
				);
				break;
			default:
				await queueMail(deps, { ...base, template: mail.template, data: { schoolName, billingUrl } }, options);
		}
	}
	return true;
}

/** Dates in mail are for people: "14 December 2026" (UTC, so every recipient reads the same day). */
function humanDay(at: Date): string {
	return at.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
