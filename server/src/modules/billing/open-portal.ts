import type { BillingRedirect } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { loadAccount } from "./account/billing-account";
import { type BillingDeps, requireBilling } from "./billing-deps";
import { ensureCustomer } from "./stripe/ensure-customer";
import { stripeClient } from "./stripe/stripe-client";
import { upstream } from "./stripe/upstream";

/** Stripe's Customer Portal for the school: seats, payment method, cancel, invoices. The link is short-lived: open it at once. */
export async function openPortal(deps: BillingDeps, caller: UserCaller, _input: Record<string, never> = {}): Promise<BillingRedirect> {
	const settings = requireBilling(deps);
	const db = deps.infra.db;
	const account = await withTenant(db, caller.tenantId, (transaction) => loadAccount(db, transaction, caller.tenantId));
	const stripe = stripeClient(settings);
	const customer = await ensureCustomer(db, stripe, account);
	const session = await upstream("open the billing portal", () => stripe.billingPortal.sessions.create({ customer, return_url: `${deps.config.publicUrl}/billing` }));
	return { url: session.url, kind: "portal" };
}
