import { isUuid } from "@toolboxai/shared/node";
import type Stripe from "stripe";
import { QueryTypes } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";
import { type BillingAccount, findTenantByStripeIds, loadAccount } from "../account/billing-account";
import type { BillingDeps } from "../billing-deps";
import { billingStateChanged } from "../billing-state-changed";
import { sweepSchool } from "../dunning/sweep-school";
import { stripeClient } from "../stripe/stripe-client";
import { governingSubscription, isReadOnlyStatus, subscriptionFields } from "./subscription-fields";

export interface SyncAccountInput {
	/** From client_reference_id or subscription metadata; trusted only for a school that exists. */
	readonly tenantId?: string;
	readonly customerId?: string;
	readonly subscriptionId?: string;
}

export type SyncOutcome = "synced" | "unknown_school" | "billing_off";

/**
 * Re-reads the school's subscription (and its latest invoice) from Stripe and writes what it finds: events only
 * say "look again", so their order and duplicates never matter. Stripe unreachable → this throws and the job
 * retries with backoff while the school keeps its last known state.
 */
export async function syncAccount(deps: BillingDeps, input: SyncAccountInput): Promise<SyncOutcome> {
	const settings = deps.config.billing;
	if (settings === undefined) return "billing_off";
	const stripe = stripeClient(settings);
	const db = deps.infra.db;
	const tenantId = await resolveTenant(deps, stripe, input);
	if (tenantId === undefined) {
		deps.logger.warn({ customerId: input.customerId, subscriptionId: input.subscriptionId }, "stripe object belongs to no school here");
		return "unknown_school";
	}
	const account = await withSystem(db, (transaction) => loadAccount(db, transaction, tenantId));
	const customerId = account.stripeCustomerId ?? input.customerId;
	let subscription: Stripe.Subscription | undefined;
	if (customerId !== undefined) {
		const listed = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 20 });
		subscription = governingSubscription(listed.data);
	} else if (input.subscriptionId !== undefined) {
		subscription = await stripe.subscriptions.retrieve(input.subscriptionId);
	}
	const fields = subscription === undefined ? undefined : subscriptionFields(subscription);
	const invoice = fields?.latestInvoiceId === undefined ? undefined : await stripe.invoices.retrieve(fields.latestInvoiceId);
	await writeAccount(deps, account, customerId ?? fields?.customerId, fields, invoice);
	await billingStateChanged(deps, tenantId, "synced from stripe", fields?.status);
	// A payment that just failed gets its first reminder now, not at the next hourly sweep.
	await sweepSchool(deps, tenantId);
	return "synced";
}

async function resolveTenant(deps: BillingDeps, stripe: Stripe, input: SyncAccountInput): Promise<string | undefined> {
	const db = deps.infra.db;
	const known = await withSystem(db, async (transaction) => {
		const byIds = await findTenantByStripeIds(db, transaction, input);
		if (byIds !== undefined) return byIds;
		if (input.tenantId === undefined || !isUuid(input.tenantId)) return undefined;
		const rows = await db.query("SELECT 1 FROM tenants WHERE id = $1", { bind: [input.tenantId], type: QueryTypes.SELECT, transaction });
		return rows.length > 0 ? input.tenantId : undefined;
	});
	if (known !== undefined || input.subscriptionId === undefined) return known;
	// A subscription made outside Checkout still carries the school in its metadata.
	const subscription = await stripe.subscriptions.retrieve(input.subscriptionId);
	const hinted = subscription.metadata?.tenantId;
	return hinted === undefined || hinted === input.tenantId ? undefined : resolveTenant(deps, stripe, { tenantId: hinted });
}

/**
 * Writes what Stripe said. Values that depend on what is stored are decided in the UPDATE itself (under the row's
 * lock), so a join adding a seat or an earlier failure's date is never overwritten by a sync that read the row before.
 */
async function writeAccount(
	deps: BillingDeps,
	account: BillingAccount,
	customerId: string | undefined,
	fields: ReturnType<typeof subscriptionFields> | undefined,
	invoice: Stripe.Invoice | undefined,
): Promise<void> {
	const readOnly = fields !== undefined && isReadOnlyStatus(fields.status);
	// A failed payment: the invoice is still open after at least one attempt; its reminders count days from the first sight.
	const failing = invoice !== undefined && invoice.status === "open" && invoice.attempt_count > 0 && invoice.collection_method === "charge_automatically";
	await withSystem(deps.infra.db, (transaction) =>
		deps.infra.db.query(
			`UPDATE billing_accounts SET stripe_customer_id = COALESCE($2, stripe_customer_id), stripe_subscription_id = $3, subscription_status = $4,
			 seats_bought = $5, seats_wanted = CASE WHEN seats_wanted > $5 THEN seats_wanted END, cancel_at_period_end = $6,
			 current_period_end = $7, subscription_trial_end = $8, payment_method_kind = $9,
			 collection_method = COALESCE($10, collection_method), days_until_due = COALESCE($11, days_until_due),
			 read_only_since = CASE WHEN $12::boolean THEN COALESCE(read_only_since, now()) END,
			 latest_invoice_failed_at = CASE WHEN $15::boolean THEN (CASE WHEN latest_invoice_id = $13 THEN COALESCE(latest_invoice_failed_at, now()) ELSE now() END) END,
			 latest_invoice_id = $13, latest_invoice_status = $14, synced_at = now(), updated_at = now()
			 WHERE tenant_id = $1`,
			{
				bind: [
					account.tenantId,
					customerId ?? null,
					fields?.subscriptionId ?? null,
					fields?.status ?? null,
					fields?.seatsBought ?? null,
					fields?.cancelAtPeriodEnd ?? false,
					fields?.currentPeriodEnd ?? null,
					fields?.trialEnd ?? null,
					fields?.paymentMethodKind ?? null,
					fields?.collectionMethod ?? null,
					fields?.daysUntilDue ?? null,
					readOnly,
					invoice?.id ?? null,
					invoice?.status ?? null,
					failing,
				],
				transaction,
			},
		),
	);
}
