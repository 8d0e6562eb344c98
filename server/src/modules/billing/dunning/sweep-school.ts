import { QueryTypes, type Transaction } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";
import { type BillingAccount, loadAccount } from "../account/billing-account";
import type { BillingDeps } from "../billing-deps";
import { standingOf } from "../entitlements/standing";
import { countSeatsUsed } from "../seats/count-seats";
import { seatLimitOf, seatsNearlyUsed } from "../seats/seat-limit";
import { type BillingMailTemplate, sendBillingMail } from "./send-billing-mail";

const DAY_MS = 24 * 60 * 60 * 1000;
/** After a failed payment: a mail at once, again after 3 and after 7 days while the invoice is unpaid. */
export const DUNNING_DAYS: ReadonlyArray<{ afterDays: number; template: BillingMailTemplate }> = [
	{ afterDays: 0, template: "dunning-first" },
	{ afterDays: 3, template: "dunning-second" },
	{ afterDays: 7, template: "dunning-final" },
];
/** The app trial's ending is announced this many days before. */
export const TRIAL_ENDING_NOTICE_DAYS = 3;

/**
 * The billing mail a school is due now: the latest dunning reminder reached (one per invoice and reminder; a sweep
 * that was down for days sends the latest only), the trial ending soon, seats 90% used. Idempotent: run it as often
 * as you like.
 */
export async function sweepSchool(deps: BillingDeps, tenantId: string, now: Date = new Date()): Promise<BillingMailTemplate[]> {
	const settings = deps.config.billing;
	if (settings === undefined) return [];
	const db = deps.infra.db;
	return withSystem(db, async (transaction) => {
		const account = await loadAccount(db, transaction, tenantId);
		const school = await schoolOf(deps, transaction, account);
		const sent: BillingMailTemplate[] = [];
		const send = async (template: BillingMailTemplate, key: string, extra: Record<string, unknown> = {}) => {
			if (school.recipients.length === 0) return;
			const fresh = await sendBillingMail(
				deps,
				{ tenantId, to: school.recipients, template, data: { schoolName: school.name, billingUrl: school.billingUrl, ...extra }, idempotencyKey: key },
				{ transaction },
			);
			if (fresh) sent.push(template);
		};
		if (account.latestInvoiceFailedAt !== undefined && account.latestInvoiceId !== undefined) {
			const elapsedDays = (now.getTime() - account.latestInvoiceFailedAt.getTime()) / DAY_MS;
			const due = [...DUNNING_DAYS].reverse().find((step) => elapsedDays >= step.afterDays);
			if (due !== undefined) await send(due.template, `dunning:${account.latestInvoiceId}:${due.template}`);
		}
		const standing = standingOf(account, settings, now);
		if (standing.standing === "app_trial" && standing.trialEndsAt !== undefined && standing.trialEndsAt.getTime() - now.getTime() <= TRIAL_ENDING_NOTICE_DAYS * DAY_MS) {
			await send("trial-ending", `trial-ending:${standing.trialEndsAt.toISOString()}`, { trialEndsAt: standing.trialEndsAt });
		}
		const limit = seatLimitOf(account, settings);
		const used = await countSeatsUsed(db, transaction, tenantId);
		if (seatsNearlyUsed(used, limit)) await send("seats-nearly-used", `seats-nearly-used:${limit}`, { seatsUsed: used, seatsBought: limit });
		return sent;
	});
}

async function schoolOf(deps: BillingDeps, transaction: Transaction, account: BillingAccount): Promise<{ name: string; recipients: string[]; billingUrl: string }> {
	const db = deps.infra.db;
	const [tenant] = await db.query<{ name: string }>("SELECT name FROM tenants WHERE id = $1", { bind: [account.tenantId], type: QueryTypes.SELECT, transaction });
	// Without billing contacts, the school's admins get billing mail.
	const admins =
		account.contacts.length > 0
			? []
			: await db.query<{ email: string }>(
					`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
					 WHERE m.tenant_id = $1 AND m.role = 'tenant_admin' AND u.email IS NOT NULL AND u.status = 'active' ORDER BY u.email LIMIT 10`,
					{ bind: [account.tenantId], type: QueryTypes.SELECT, transaction },
				);
	return {
		name: tenant?.name ?? "Your school",
		recipients: account.contacts.length > 0 ? [...account.contacts] : admins.map((row) => row.email),
		billingUrl: `${deps.config.publicUrl}/billing`,
	};
}
