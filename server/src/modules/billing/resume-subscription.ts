import type { BillingOverview } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { recordAudit, auditedBy } from "../audit";
import { loadAccount } from "./account/billing-account";
import { type BillingDeps, requireBilling } from "./billing-deps";
import { getBillingOverview } from "./get-billing-overview";
import { stripeClient } from "./stripe/stripe-client";
import { upstream } from "./stripe/upstream";
import { syncAccount } from "./sync/sync-account";

/** Undo a cancellation at period end: the subscription renews again. */
export async function resumeSubscription(deps: BillingDeps, caller: UserCaller, _input: Record<string, never> = {}): Promise<BillingOverview> {
	const settings = requireBilling(deps);
	const db = deps.infra.db;
	const account = await withTenant(db, caller.tenantId, (transaction) => loadAccount(db, transaction, caller.tenantId));
	const subscriptionId = account.stripeSubscriptionId;
	if (subscriptionId === undefined || !account.cancelAtPeriodEnd)
		throw new AppError("conflict", "There is no cancellation to undo: the subscription is not ending at the period's end.");
	await upstream("resume the subscription", () => stripeClient(settings).subscriptions.update(subscriptionId, { cancel_at_period_end: false }));
	await syncAccount(deps, { tenantId: caller.tenantId, subscriptionId });
	await withTenant(db, caller.tenantId, (transaction) =>
		recordAudit(db, { action: "billing.subscription_resumed", ...auditedBy(caller), targetType: "tenant", targetId: caller.tenantId, details: {} }, { transaction }),
	);
	return getBillingOverview(deps, caller);
}
