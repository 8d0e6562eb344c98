import type { Logger } from "pino";
import { z } from "zod";
import type { AppDependencies } from "../../http/app-module";
import type { JobDefinition, JobQueue } from "../../infrastructure.types";
import { payloadParser } from "../../jobs/payload";
import { aggregateProgressChanges, countEvents } from "./aggregate-progress";
import { announceClassProgress, sharedClassProgressAnnouncer } from "./class-progress-events";

export const PROGRESS_AGGREGATE = "progress.aggregate";

/**
 * Coalescing: one aggregation job per school per window. Its id is the school and the window (the queue's
 * idempotency key), and it runs once the window is over, so every enqueue made during the window (each after its
 * events were committed) lands on a job that has not started yet. The grace covers clocks of several instances
 * that disagree a little; anything a job still misses stays pending and the school's next job folds it.
 */
/** How long a finished aggregation job is kept (its window is long past; a late enqueue for it still dedupes). */
export const AGGREGATION_DEDUPE_MS = 10 * 60 * 1000;
export const AGGREGATION_WINDOW_MS = 2_000;
export const AGGREGATION_GRACE_MS = 500;

const payload = z.object({ tenantId: z.uuid() });
export type AggregatePayload = z.output<typeof payload>;

export function aggregationJob(deps: Pick<AppDependencies, "infra">): JobDefinition<AggregatePayload> {
	// The classes whose students moved hear about it, once per class per short window, from whichever process folds.
	const announcer = sharedClassProgressAnnouncer(deps.infra.realtime);
	return {
		name: PROGRESS_AGGREGATE,
		version: 1,
		parse: payloadParser(PROGRESS_AGGREGATE, payload),
		attempts: 8,
		backoffMs: 2_000,
		async handle({ tenantId }, { logger }) {
			const touched = await aggregateProgressChanges(deps, { tenantId });
			const folded = countEvents(touched);
			if (folded > 0) logger.debug({ tenantId, folded }, "progress events aggregated");
			await announceClassProgress({ infra: deps.infra, logger }, announcer, tenantId, touched);
		},
	};
}

/** Asks for the school's numbers to be brought up to date (soon, coalesced). Never throws: the events are stored. */
export type AggregationTrigger = (tenantId: string) => Promise<void>;

const triggers = new WeakMap<Pick<JobQueue, "enqueue">, AggregationTrigger>();

/** One trigger per queue, so the ingestion route and the views share what this instance already enqueued. */
export function aggregationTrigger(queue: Pick<JobQueue, "enqueue">, logger: Logger): AggregationTrigger {
	const existing = triggers.get(queue);
	if (existing !== undefined) return existing;
	// The window each school was last enqueued for by this instance: saves a queue round trip per batch.
	const enqueued = new Map<string, number>();
	const trigger: AggregationTrigger = async (tenantId) => {
		const now = Date.now();
		const window = Math.floor(now / AGGREGATION_WINDOW_MS);
		if (enqueued.get(tenantId) === window) return;
		try {
			await queue.enqueue(
				PROGRESS_AGGREGATE,
				{ tenantId },
				{
					idempotencyKey: `${tenantId}/${window}`,
					delayMs: (window + 1) * AGGREGATION_WINDOW_MS - now + AGGREGATION_GRACE_MS,
					// The key names a 2 s window that never comes back: a finished job need not be kept for a day.
					dedupeWindowMs: AGGREGATION_DEDUPE_MS,
				},
			);
			enqueued.set(tenantId, window);
			if (enqueued.size > 10_000) for (const [id, at] of enqueued) if (at < window) enqueued.delete(id);
		} catch (error) {
			// The events are stored and stay pending: the next trigger (a later batch, or a teacher opening the view) enqueues again.
			logger.warn({ err: error, tenantId }, "could not enqueue progress aggregation; the events stay pending");
		}
	};
	triggers.set(queue, trigger);
	return trigger;
}
