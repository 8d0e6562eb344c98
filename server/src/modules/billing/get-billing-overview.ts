import type { BillingOverview } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { loadAccount } from "./account/billing-account";
import type { BillingDeps } from "./billing-deps";
import { entitlementOf, PLAIN_WORDS } from "./entitlements/entitlements";
import { daysLeft, standingOf, studentGraceEnd } from "./entitlements/standing";
import { countSeatsUsed } from "./seats/count-seats";
import { seatLimitOf, seatsNearlyUsed } from "./seats/seat-limit";

const TRIAL_LAST_WEEK_DAYS = 7;

/** The school's billing as its admins see it: standing in plain words, trial, seats, how it pays, banners. */
export async function getBillingOverview(deps: BillingDeps, caller: UserCaller, _input: Record<string, never> = {}): Promise<BillingOverview> {
	const db = deps.infra.db;
	const settings = deps.config.billing;
	const now = new Date();
	const { account, used } = await withTenant(db, caller.tenantId, async (transaction) => ({
		account: await loadAccount(db, transaction, caller.tenantId),
		used: await countSeatsUsed(db, transaction, caller.tenantId),
	}));
	const standing = standingOf(account, settings, now);
	const entitlement = entitlementOf(standing.standing, standing.readOnlySince);
	const limit = settings === undefined ? undefined : seatLimitOf(account, settings);
	const banners: BillingOverview["banners"] = [];
	if (entitlement.banner !== undefined) banners.push(entitlement.banner);
	const trialEnds = standing.standing === "app_trial" || standing.standing === "trialing" ? standing.trialEndsAt : undefined;
	if (trialEnds !== undefined && daysLeft(trialEnds, now) <= TRIAL_LAST_WEEK_DAYS) banners.push("trial_ending");
	if (limit !== undefined && seatsNearlyUsed(used, limit)) banners.push("seats_nearly_used");
	return {
		enabled: settings !== undefined,
		standing: standing.standing,
		statusText: PLAIN_WORDS[standing.standing],
		readOnly: !entitlement.staffWrites,
		...(standing.readOnlySince === undefined || entitlement.staffWrites
			? {}
			: { readOnlySince: standing.readOnlySince.toISOString(), gamePlayEndsAt: studentGraceEnd(standing.readOnlySince).toISOString() }),
		...(trialEnds === undefined ? {} : { trialEndsAt: trialEnds.toISOString(), trialDaysLeft: daysLeft(trialEnds, now) }),
		seatsUsed: used,
		...(limit === undefined ? {} : { seatsBought: limit }),
		autoAddSeats: account.autoAddSeats,
		cancelAtPeriodEnd: account.cancelAtPeriodEnd,
		...(account.currentPeriodEnd === undefined ? {} : { currentPeriodEnd: account.currentPeriodEnd.toISOString() }),
		paymentMethod: account.collectionMethod === "send_invoice" ? "invoice" : account.paymentMethodKind === "card" ? "card" : "none",
		...(account.daysUntilDue === undefined ? {} : { daysUntilDue: account.daysUntilDue }),
		...(account.poNumber === undefined ? {} : { poNumber: account.poNumber }),
		...(account.taxId === undefined ? {} : { taxId: account.taxId }),
		taxExempt: account.taxExempt,
		contacts: [...account.contacts],
		banners,
	};
}
