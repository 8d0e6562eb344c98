import type { BillingStanding } from "@toolboxai/shared";
import type { BillingSettings } from "../../../config/config";
import type { BillingAccount } from "../account/billing-account";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Students keep playing assigned lessons this long after their school became read-only. */
export const STUDENT_GRACE_DAYS = 14;

export interface Standing {
	readonly standing: BillingStanding;
	readonly trialEndsAt?: Date;
	/** When staff lost write access (stored for a subscription; the trial's end for a school that never subscribed). */
	readonly readOnlySince?: Date;
}

export function appTrialEnd(account: BillingAccount, settings: BillingSettings): Date {
	return new Date(account.trialStartedAt.getTime() + settings.trialDays * DAY_MS);
}

/** Where the school stands now: the app's trial until a subscription exists, then the subscription's status. */
export function standingOf(account: BillingAccount, settings: BillingSettings | undefined, now: Date): Standing {
	if (settings === undefined) return { standing: "off" };
	const trialEndsAt = appTrialEnd(account, settings);
	const status = account.subscriptionStatus;
	if (status === undefined) {
		return now < trialEndsAt ? { standing: "app_trial", trialEndsAt } : { standing: "trial_ended", trialEndsAt, readOnlySince: trialEndsAt };
	}
	if (status === "trialing") return { standing: status, ...(account.subscriptionTrialEnd === undefined ? {} : { trialEndsAt: account.subscriptionTrialEnd }) };
	// An unfinished first payment keeps the school going only while the app's trial would have.
	if (status === "incomplete" && now >= trialEndsAt) return { standing: status, trialEndsAt, readOnlySince: account.readOnlySince ?? trialEndsAt };
	if (status === "incomplete") return { standing: status, trialEndsAt };
	return { standing: status, ...(account.readOnlySince === undefined ? {} : { readOnlySince: account.readOnlySince }) };
}

export function studentGraceEnd(readOnlySince: Date): Date {
	return new Date(readOnlySince.getTime() + STUDENT_GRACE_DAYS * DAY_MS);
}

export function daysLeft(until: Date, now: Date): number {
	return Math.max(0, Math.ceil((until.getTime() - now.getTime()) / DAY_MS));
}
