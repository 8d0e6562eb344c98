import type { StripeWebhookReceived } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";
import type { BillingDeps } from "../billing-deps";
import { SYNC_ACCOUNT_JOB } from "../sync/sync-job";
import { HANDLED_EVENTS, syncTargetOf } from "./sync-target";
import { verifyStripeEvent } from "./verify-stripe-event";

/**
 * Stripe's webhook: verify, take each event id once, enqueue a sync of the school it names, answer. Nothing slow
 * happens here (no Stripe call), so Stripe gets its answer at once; the job does the work.
 */
export async function receiveStripeWebhook(deps: BillingDeps, input: { payload: Buffer; signature?: string }): Promise<StripeWebhookReceived> {
	const event = verifyStripeEvent(input.payload, input.signature, deps.config.billing?.webhookSecrets ?? []);
	if (!HANDLED_EVENTS.has(event.type)) return { received: true, ignored: true };
	const target = syncTargetOf(event);
	if (target === undefined) return { received: true, ignored: true };
	const db = deps.infra.db;
	const taken = await withSystem(db, (transaction) =>
		db.query("INSERT INTO billing_stripe_events (event_id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id", {
			bind: [event.id, event.type],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
	if (taken.length === 0) return { received: true, duplicate: true };
	try {
		await deps.infra.queue.enqueue(SYNC_ACCOUNT_JOB, target, { idempotencyKey: `event/${event.id}` });
	} catch (error) {
		// Not queued: forget the id so Stripe's retry of this event is taken, and answer 5xx so it retries.
		await withSystem(db, (transaction) => db.query("DELETE FROM billing_stripe_events WHERE event_id = $1", { bind: [event.id], transaction }));
		throw error;
	}
	return { received: true };
}
