import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/**
 * Billing: a school's subscription by student seats as its admins see it, the settings they change, and the
 * Stripe pages (Checkout, Customer Portal) the dashboard sends them to. Amounts are in the currency's smallest unit.
 */

const Timestamp = s.string({ format: "date-time" });
const Email = s.string({ format: "email", maxLength: 320 });

export const BILLING_STANDINGS = ["off", "app_trial", "trial_ended", "trialing", "active", "incomplete", "incomplete_expired", "past_due", "unpaid", "canceled", "paused"] as const;
export type BillingStanding = (typeof BILLING_STANDINGS)[number];

export const BILLING_BANNERS = ["finish_payment", "payment_failed", "trial_ending", "seats_nearly_used", "read_only"] as const;

export const BillingOverview = s.object(
	{
		enabled: s.boolean({ description: "false: billing is off on this service (no Stripe key) and the school is unrestricted." }),
		standing: s.enumOf(BILLING_STANDINGS, { description: "The app's trial, or the Stripe subscription's status." }),
		statusText: s.string({ maxLength: 200, description: "The standing in plain words." }),
		readOnly: s.boolean({ description: "Staff cannot create classes, lessons, versions, releases or deployments." }),
		readOnlySince: s.optional(Timestamp),
		gamePlayEndsAt: s.optional(Timestamp),
		trialEndsAt: s.optional(Timestamp),
		trialDaysLeft: s.optional(s.integer({ minimum: 0, maximum: 100_000 })),
		seatsUsed: s.integer({ minimum: 0 }),
		seatsBought: s.optional(s.integer({ minimum: 0 })),
		autoAddSeats: s.boolean(),
		cancelAtPeriodEnd: s.boolean(),
		currentPeriodEnd: s.optional(Timestamp),
		paymentMethod: s.enumOf(["card", "invoice", "none"] as const),
		daysUntilDue: s.optional(s.integer({ minimum: 1, maximum: 365 })),
		poNumber: s.optional(s.string({ maxLength: 100 })),
		taxId: s.optional(s.string({ maxLength: 100 })),
		taxExempt: s.enumOf(["none", "exempt", "reverse"] as const),
		contacts: s.array(Email, { maxItems: 10 }),
		banners: s.array(s.enumOf(BILLING_BANNERS), { maxItems: 5 }),
	},
	{
		description: "What the school's billing page shows.",
		example: {
			enabled: true,
			standing: "active",
			statusText: "Active: paid up.",
			readOnly: false,
			seatsUsed: 87,
			seatsBought: 120,
			autoAddSeats: false,
			cancelAtPeriodEnd: false,
			currentPeriodEnd: "2027-01-07T00:00:00.000Z",
			paymentMethod: "card",
			taxExempt: "none",
			contacts: ["bursar@school.example.org"],
			banners: [],
		},
	},
);
export type BillingOverview = Infer<typeof BillingOverview>;

export const BillingSettingsUpdate = s.object(
	{
		autoAddSeats: s.optional(s.boolean({ description: "true: a join past the seats bought adds a seat (prorated) instead of being refused." })),
		contacts: s.optional(s.array(Email, { maxItems: 10, description: "Who gets billing mail (failed payments, trial ending)." })),
		paymentMethod: s.optional(s.enumOf(["card", "invoice"] as const, { description: "invoice: Stripe emails invoices payable within daysUntilDue." })),
		daysUntilDue: s.optional(s.integer({ minimum: 1, maximum: 365 })),
		poNumber: s.optional(s.string({ maxLength: 100, singleLine: true, description: "Shown on the school's invoices; empty removes it." })),
		taxId: s.optional(s.string({ maxLength: 100, singleLine: true, description: "Shown on the school's invoices; empty removes it." })),
		taxExempt: s.optional(s.enumOf(["none", "exempt", "reverse"] as const)),
	},
	{ example: { autoAddSeats: true, contacts: ["bursar@school.example.org"], paymentMethod: "invoice", daysUntilDue: 30, poNumber: "PO-2026-114" } },
);
export type BillingSettingsUpdate = Infer<typeof BillingSettingsUpdate>;

export const BillingRedirect = s.object(
	{
		url: s.string({ maxLength: 2000, description: "Stripe's page: open it in the browser." }),
		kind: s.enumOf(["checkout", "portal"] as const, { description: "portal when the school already has a live subscription." }),
	},
	{ example: { url: "https://checkout.stripe.com/c/pay/cs_test_a1b2c3", kind: "checkout" } },
);
export type BillingRedirect = Infer<typeof BillingRedirect>;

export const BillingInvoice = s.object(
	{
		id: s.string({ maxLength: 255 }),
		number: s.optional(s.string({ maxLength: 255 })),
		createdAt: Timestamp,
		amountDue: s.integer({ minimum: 0 }),
		currency: s.string({ maxLength: 8 }),
		status: s.enumOf(["draft", "open", "paid", "uncollectible", "void"] as const),
		hostedUrl: s.optional(s.string({ maxLength: 2000 })),
		pdfUrl: s.optional(s.string({ maxLength: 2000 })),
	},
	{ example: { id: "in_1Nq", number: "A1B2-0001", createdAt: "2026-12-07T00:00:00.000Z", amountDue: 12000, currency: "usd", status: "paid" } },
);
export type BillingInvoice = Infer<typeof BillingInvoice>;

export const BillingInvoiceList = s.object({ items: s.array(BillingInvoice, { maxItems: 100 }) }, { example: { items: [] } });
export type BillingInvoiceList = Infer<typeof BillingInvoiceList>;

/** A Stripe event as delivered: any JSON object here; its signature over the raw bytes decides whether it is taken. */
export const StripeWebhookEvent = s.record(s.unknown(), {
	maxEntries: 50,
	description: "The event exactly as Stripe sends it (signed with Stripe-Signature).",
	example: { id: "evt_1Nq", object: "event", type: "customer.subscription.updated", data: { object: { id: "sub_1Nq", object: "subscription" } } },
});
export type StripeWebhookEvent = Infer<typeof StripeWebhookEvent>;

export const StripeWebhookReceived = s.object(
	{ received: s.boolean(), duplicate: s.optional(s.boolean()), ignored: s.optional(s.boolean()) },
	{ description: "Stripe only reads the status.", example: { received: true } },
);
export type StripeWebhookReceived = Infer<typeof StripeWebhookReceived>;

export const ClassJoinStatus = s.object(
	{
		open: s.boolean({ description: "false: students who are not yet in a class of the school are refused when they join." }),
		reason: s.optional(s.enumOf(["seats_full", "read_only", "subscription_ended"] as const)),
		message: s.optional(s.string({ maxLength: 300, description: "The reason in plain words, for teachers." })),
	},
	{
		description: "Whether new students can join the school's classes now; teachers see this and nothing else of billing.",
		example: { open: false, reason: "seats_full", message: "Your school has used all its student seats: new students cannot join. A school admin can add seats." },
	},
);
export type ClassJoinStatus = Infer<typeof ClassJoinStatus>;
