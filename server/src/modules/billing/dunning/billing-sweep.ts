import { z } from "zod";
import { QueryTypes } from "sequelize";
import { withSystem } from "../../../db/tenant-scope";
import type { JobDefinition } from "../../../infrastructure.types";
import { payloadParser } from "../../../jobs/payload";
import type { BillingDeps } from "../billing-deps";
import { SYNC_ACCOUNT_JOB } from "../sync/sync-job";
import { sweepSchool } from "./sweep-school";

export const BILLING_SWEEP_JOB = "billing.sweep";
const HOUR_MS = 60 * 60 * 1000;
/** Every school's billing mail, hourly; every subscribed school re-read from Stripe every 6 hours (a lost webhook is repaired then). */
export const SWEEP_EVERY_MS = HOUR_MS;
export const RECONCILE_EVERY_HOURS = 6;

const schema = z.object({ reconcile: z.boolean() });

/** One pass over every school: due mail, and (when `reconcile`) a sync job per school with a Stripe customer. */
export async function sweepAllSchools(deps: BillingDeps, input: { reconcile: boolean }): Promise<{ schools: number; syncs: number }> {
	if (deps.config.billing === undefined) return { schools: 0, syncs: 0 };
	const db = deps.infra.db;
	const schools = await withSystem(db, (transaction) =>
		db.query<{ id: string; customer: string | null }>(
			"SELECT t.id, a.stripe_customer_id AS customer FROM tenants t LEFT JOIN billing_accounts a ON a.tenant_id = t.id WHERE t.kind = 'school'",
			{ type: QueryTypes.SELECT, transaction },
		),
	);
	let syncs = 0;
	const window = Math.floor(Date.now() / (RECONCILE_EVERY_HOURS * HOUR_MS));
	for (const school of schools) {
		await sweepSchool(deps, school.id);
		if (input.reconcile && school.customer !== null) {
			await deps.infra.queue.enqueue(SYNC_ACCOUNT_JOB, { tenantId: school.id, customerId: school.customer }, { idempotencyKey: `reconcile/${school.id}/${window}` });
			syncs++;
		}
	}
	return { schools: schools.length, syncs };
}

export function billingSweepJob(deps: BillingDeps): JobDefinition<{ reconcile: boolean }> {
	return {
		name: BILLING_SWEEP_JOB,
		version: 1,
		parse: payloadParser(BILLING_SWEEP_JOB, schema),
		attempts: 3,
		backoffMs: 60_000,
		async handle(payload, { logger }) {
			const result = await sweepAllSchools({ ...deps, logger }, payload);
			logger.info(result, "billing sweep");
		},
	};
}

/** Enqueues the sweep at start and hourly (one per hour across instances, by key); returns how to stop. */
export function startBillingSweeper(deps: BillingDeps): () => void {
	if (deps.config.billing === undefined) return () => undefined;
	const tick = () => {
		const hour = Math.floor(Date.now() / HOUR_MS);
		deps.infra.queue
			.enqueue(BILLING_SWEEP_JOB, { reconcile: hour % RECONCILE_EVERY_HOURS === 0 }, { idempotencyKey: `hour-${hour}`, dedupeWindowMs: 2 * HOUR_MS })
			.catch((error: unknown) => deps.logger.warn({ err: error }, "billing sweep could not be queued; trying next hour"));
	};
	tick();
	const timer = setInterval(tick, SWEEP_EVERY_MS);
	timer.unref();
	return () => clearInterval(timer);
}
