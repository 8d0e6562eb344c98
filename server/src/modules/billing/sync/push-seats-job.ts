import { z } from "zod";
import { withSystem } from "../../../db/tenant-scope";
import type { JobDefinition } from "../../../infrastructure.types";
import { payloadParser } from "../../../jobs/payload";
import { loadAccount } from "../account/billing-account";
import type { BillingDeps } from "../billing-deps";
import { stripeClient } from "../stripe/stripe-client";
import { syncAccount } from "./sync-account";

export const PUSH_SEATS_JOB = "billing.seats.push";

const schema = z.object({ tenantId: z.uuid() });

/**
 * "Add seats automatically": a join past the seats bought recorded the seats wanted; this raises the subscription's
 * quantity to it (prorated), idempotent per school and count, then reads the subscription back.
 */
export function pushSeatsJob(deps: BillingDeps): JobDefinition<{ tenantId: string }> {
	return {
		name: PUSH_SEATS_JOB,
		version: 1,
		parse: payloadParser(PUSH_SEATS_JOB, schema),
		attempts: 10,
		backoffMs: 2_000,
		async handle({ tenantId }, { logger }) {
			const settings = deps.config.billing;
			if (settings === undefined) return;
			const db = deps.infra.db;
			const account = await withSystem(db, (transaction) => loadAccount(db, transaction, tenantId));
			if (account.stripeSubscriptionId === undefined || account.seatsWanted === undefined || account.seatsWanted <= (account.seatsBought ?? 0)) return;
			const stripe = stripeClient(settings);
			const subscription = await stripe.subscriptions.retrieve(account.stripeSubscriptionId);
			const item = subscription.items.data[0];
			if (item === undefined) throw new Error(`Subscription ${subscription.id} has no item to add seats to`);
			if ((item.quantity ?? 0) < account.seatsWanted) {
				await stripe.subscriptionItems.update(
					item.id,
					{ quantity: account.seatsWanted, proration_behavior: "create_prorations" },
					{ idempotencyKey: `seats-${tenantId}-${account.seatsWanted}` },
				);
				logger.info({ tenantId, seats: account.seatsWanted }, "seats added automatically");
			}
			await syncAccount({ ...deps, logger }, { tenantId, subscriptionId: subscription.id });
		},
	};
}
