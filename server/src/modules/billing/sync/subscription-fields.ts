import type Stripe from "stripe";
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from "../account/billing-account";

/** What the service keeps of a subscription, read the way this API version shapes it (periods live on the item). */
export interface SubscriptionFields {
	readonly subscriptionId: string;
	readonly customerId: string;
	readonly status: SubscriptionStatus;
	readonly seatsBought: number;
	readonly cancelAtPeriodEnd: boolean;
	readonly currentPeriodEnd?: Date;
	readonly trialEnd?: Date;
	readonly collectionMethod: "charge_automatically" | "send_invoice";
	readonly daysUntilDue?: number;
	readonly paymentMethodKind: "card" | "invoice" | "none";
	readonly latestInvoiceId?: string;
}

const READ_ONLY_STATUSES: ReadonlySet<SubscriptionStatus> = new Set(["unpaid", "canceled", "incomplete_expired", "paused"]);

export function isReadOnlyStatus(status: SubscriptionStatus): boolean {
	return READ_ONLY_STATUSES.has(status);
}

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
	value === null || value === undefined ? undefined : typeof value === "string" ? value : value.id;
const dateOf = (seconds: number | null | undefined): Date | undefined => (seconds === null || seconds === undefined ? undefined : new Date(seconds * 1000));

export function subscriptionFields(subscription: Stripe.Subscription): SubscriptionFields {
	const status = (SUBSCRIPTION_STATUSES as ReadonlyArray<string>).includes(subscription.status) ? (subscription.status as SubscriptionStatus) : "canceled";
	const item = subscription.items.data[0];
	const customerId = idOf(subscription.customer);
	if (customerId === undefined) throw new Error(`Subscription ${subscription.id} names no customer`);
	const collectionMethod = subscription.collection_method === "send_invoice" ? "send_invoice" : "charge_automatically";
	const paymentMethod = idOf(subscription.default_payment_method) ?? idOf(subscription.default_source);
	return {
		subscriptionId: subscription.id,
		customerId,
		status,
		seatsBought: item?.quantity ?? 0,
		cancelAtPeriodEnd: subscription.cancel_at_period_end,
		currentPeriodEnd: dateOf(item?.current_period_end),
		trialEnd: dateOf(subscription.trial_end),
		collectionMethod,
		...(subscription.days_until_due === null ? {} : { daysUntilDue: subscription.days_until_due }),
		paymentMethodKind: collectionMethod === "send_invoice" ? "invoice" : paymentMethod === undefined ? "none" : "card",
		latestInvoiceId: idOf(subscription.latest_invoice),
	};
}

/** Of a customer's subscriptions, the one that governs the school: a live one before an ended one, newest first. */
export function governingSubscription(subscriptions: ReadonlyArray<Stripe.Subscription>): Stripe.Subscription | undefined {
	const live = (s: Stripe.Subscription) => (isReadOnlyStatus(s.status as SubscriptionStatus) ? 0 : 1);
	return [...subscriptions].sort((a, b) => live(b) - live(a) || b.created - a.created)[0];
}
