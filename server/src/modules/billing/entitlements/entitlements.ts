import type { BillingStanding } from "@toolboxai/shared";

/** What a school may do, per standing: the one table every billing check reads. */
export interface Entitlement {
	/** Staff create classes, lessons, versions, releases and deployments. */
	readonly staffWrites: boolean;
	/** The school may go past its seats (a refused join otherwise, or an added seat with auto-add). */
	readonly seatIncreases: boolean;
	/** Game servers: "play" = everything; "grace" = assigned lessons for the students' grace period, no new joins. */
	readonly game: "play" | "grace";
	readonly banner?: "finish_payment" | "payment_failed" | "read_only";
}

const FULL: Entitlement = { staffWrites: true, seatIncreases: true, game: "play" };
const READ_ONLY: Entitlement = { staffWrites: false, seatIncreases: false, game: "grace", banner: "read_only" };

export const ENTITLEMENTS: Readonly<Record<BillingStanding, Entitlement>> = {
	off: FULL,
	app_trial: FULL,
	trialing: FULL,
	active: FULL,
	// Only reached while the app's trial lasts; after it the standing is read-only (standing.ts).
	incomplete: { ...FULL, banner: "finish_payment" },
	past_due: { ...FULL, seatIncreases: false, banner: "payment_failed" },
	trial_ended: READ_ONLY,
	unpaid: READ_ONLY,
	canceled: READ_ONLY,
	incomplete_expired: READ_ONLY,
	paused: READ_ONLY,
};

/** An incomplete first payment past the app's trial is read-only even though its status alone is not. */
export function entitlementOf(standing: BillingStanding, readOnlySince: Date | undefined): Entitlement {
	if (standing === "incomplete" && readOnlySince !== undefined) return { ...READ_ONLY, banner: "finish_payment" };
	return ENTITLEMENTS[standing];
}

export const PLAIN_WORDS: Readonly<Record<BillingStanding, string>> = {
	off: "Billing is off on this service: everything is available.",
	app_trial: "Free trial: everything is available.",
	trial_ended: "The free trial has ended: subscribe to keep working.",
	trialing: "Subscription in its trial period.",
	active: "Active: paid up.",
	incomplete: "The first payment is not finished: complete it to keep working.",
	incomplete_expired: "The first payment was never finished: subscribe again.",
	past_due: "A payment failed: update the payment method before access is limited.",
	unpaid: "Unpaid: the school is read-only until the invoices are paid.",
	canceled: "The subscription has ended: the school is read-only.",
	paused: "The subscription is paused: add a payment method to resume.",
};
