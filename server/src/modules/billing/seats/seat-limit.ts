import type { BillingSettings } from "../../../config/config";
import type { BillingAccount } from "../account/billing-account";

/** The seats the school may fill: the app trial's seats until it subscribes, then what it bought (or asked to add). */
export function seatLimitOf(account: BillingAccount, settings: BillingSettings): number {
	if (account.subscriptionStatus === undefined) return settings.trialSeats;
	return Math.max(account.seatsBought ?? 0, account.seatsWanted ?? 0);
}

/** 90% of the seats taken: the admins get a banner and one mail per seat count. */
export function seatsNearlyUsed(used: number, limit: number): boolean {
	return limit > 0 && used >= Math.ceil(limit * 0.9);
}
