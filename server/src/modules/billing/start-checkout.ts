import type { BillingRedirect } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { type BillingAccount, loadAccount } from "./account/billing-account";
import { type BillingDeps, requireBilling } from "./billing-deps";
import { countSeatsUsed } from "./seats/count-seats";
import { isReadOnlyStatus } from "./sync/subscription-fields";
import { SYNC_ACCOUNT_JOB } from "./sync/sync-job";
import { ensureCustomer } from "./stripe/ensure-customer";
import { stripeClient } from "./stripe/stripe-client";
import { upstream } from "./stripe/upstream";
import { openPortal } from "./open-portal";

/** A subscription in any of these states is the school's: a second Checkout would charge twice, so the Portal manages it. */
export function hasLiveSubscription(account: BillingAccount): boolean {
	return account.subscriptionStatus !== undefined && !isReadOnlyStatus(account.subscriptionStatus) && account.subscriptionStatus !== "incomplete";
}

/**
 * Subscribe: by card through Stripe Checkout (seats adjustable there, starting at the seats in use), or — when the
 * school pays by invoice — a subscription billed with `send_invoice` and net days, whose invoices Stripe emails.
 * A school that already has a live subscription is sent to the Portal instead.
 */
export async function startCheckout(deps: BillingDeps, caller: UserCaller, _input: Record<string, never> = {}): Promise<BillingRedirect> {
	const settings = requireBilling(deps);
	const db = deps.infra.db;
	const { account, used } = await withTenant(db, caller.tenantId, async (transaction) => ({
		account: await loadAccount(db, transaction, caller.tenantId),
		used: await countSeatsUsed(db, transaction, caller.tenantId),
	}));
	if (hasLiveSubscription(account)) return openPortal(deps, caller, {});
	const priceId = settings.priceId;
	if (priceId === undefined) throw new AppError("conflict", "Billing has no price to sell (STRIPE_PRICE_ID is not set).");
	const stripe = stripeClient(settings);
	const customer = await ensureCustomer(db, stripe, account);
	const quantity = Math.max(1, used);
	const billingUrl = `${deps.config.publicUrl}/billing`;
	if (account.collectionMethod === "send_invoice") {
		const subscription = await upstream("start the subscription", () =>
			stripe.subscriptions.create(
				{
					customer,
					items: [{ price: priceId, quantity }],
					collection_method: "send_invoice",
					days_until_due: account.daysUntilDue ?? 30,
					metadata: { tenantId: caller.tenantId },
				},
				{ idempotencyKey: `invoice-subscription-${caller.tenantId}-${account.stripeSubscriptionId ?? "first"}` },
			),
		);
		await deps.infra.queue.enqueue(SYNC_ACCOUNT_JOB, { tenantId: caller.tenantId, customerId: customer, subscriptionId: subscription.id });
		return openPortal(deps, caller, {});
	}
	const session = await upstream("open Checkout", () =>
		stripe.checkout.sessions.create({
			mode: "subscription",
			customer,
			client_reference_id: caller.tenantId,
			line_items: [{ price: priceId, quantity, adjustable_quantity: { enabled: true, minimum: 1, maximum: Math.max(999, quantity) } }],
			subscription_data: { metadata: { tenantId: caller.tenantId } },
			success_url: `${billingUrl}?checkout=done`,
			cancel_url: billingUrl,
		}),
	);
	if (session.url === null) throw new AppError("upstream_failed", "Stripe opened Checkout without a page to show. Try again in a minute.");
	return { url: session.url, kind: "checkout" };
}
