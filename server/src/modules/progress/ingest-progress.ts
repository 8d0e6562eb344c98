import { ProgressEvent, type ProgressBatchResult, type RejectedEvent, type ValidationIssue } from "@toolboxai/shared";
import { dateTimeMillisOf, parse } from "@toolboxai/shared/node";
import type { ApiKeyCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { countProgressEvents } from "../../observability/metrics";
import { aggregationTrigger } from "./aggregation-job";
import { insertEvents, insertIsolating, isRefusedData, type StoreOutcome, type StoreScope, type ValidEvent } from "./ingest-progress-store";
import type { ProgressDeps } from "./progress-deps";

export interface ProgressBatchInput {
	readonly batchId: string;
	/** Checked one by one here: the envelope was checked by the route. */
	readonly events: ReadonlyArray<unknown>;
}

/**
 * Stores a batch's valid events and reports the others by index: one bad event never fails the batch. Idempotent by
 * event id: the insert skips ids the school already has (a retried batch, overlapping batches, or a repeat inside one
 * batch), and those count as duplicates, never twice. An event must pass the contract (which also refuses what
 * Postgres cannot hold: NUL, dates before 2020 or more than a day ahead of the service's clock), name a Roblox user
 * who is a student of the key's school, and one of the school's lessons (the lessonId from /v1/runtime/lessons/active).
 * Should Postgres still refuse an event's data, the batch is stored again with that event isolated and rejected.
 * A student whose processing the school restricted (privacy) is known but not recorded: their events are dropped and
 * counted as accepted, so the game lets them play on and nobody can tell from its behaviour.
 * The teacher views read summaries: once new events are committed, it asks for the school's (coalesced)
 * aggregation job; the request never folds events itself, so a batch costs one transaction.
 */
export async function ingestProgress(deps: ProgressDeps, caller: ApiKeyCaller, batch: ProgressBatchInput): Promise<ProgressBatchResult> {
	const db = deps.infra.db;
	const rejected: RejectedEvent[] = [];
	const valid: ValidEvent[] = [];
	const now = Date.now();
	batch.events.forEach((raw, index) => {
		const result = parse(ProgressEvent, raw, { unknownKeys: "reject", now });
		if (!result.ok) {
			rejected.push({ index, issues: result.issues.map((issue) => ({ ...issue, path: `/events/${index}${issue.path}` })) });
			return;
		}
		// The contract checked the format and the range, so the instant is there.
		const instant = dateTimeMillisOf(result.value.occurredAt) as number;
		valid.push({ index, event: result.value, occurredAt: new Date(instant).toISOString() });
	});
	const scope: StoreScope = { tenantId: caller.tenantId, batchId: batch.batchId, apiKeyId: caller.actor.apiKeyId };
	let outcome: StoreOutcome;
	const refusedIndexes = new Set<number>();
	try {
		outcome = await withTenant(db, caller.tenantId, (transaction) => insertEvents(db, transaction, scope, valid));
	} catch (error) {
		if (!isRefusedData(error)) throw error;
		const isolated = await withTenant(db, caller.tenantId, (transaction) => insertIsolating(db, transaction, scope, valid));
		for (const { event, sqlState } of isolated.refused) {
			deps.logger.warn(
				{ batchId: batch.batchId, index: event.index, eventId: event.event.eventId, sqlState },
				"progress event refused by the database; the rest of the batch is stored",
			);
			refusedIndexes.add(event.index);
			rejected.push({ index: event.index, issues: [notStorable(event.index)] });
		}
		outcome = isolated;
	}
	let stored = 0;
	let dropped = 0;
	for (const { index, event } of valid) {
		if (refusedIndexes.has(index)) continue;
		const issues = [...(outcome.students.has(event.robloxUserId) ? [] : [unknownStudent(index)]), ...(outcome.lessons.has(event.lessonId) ? [] : [unknownLesson(index)])];
		if (issues.length > 0) rejected.push({ index, issues });
		else if (outcome.restricted.has(event.robloxUserId)) dropped += 1;
		else stored += 1;
	}
	rejected.sort((x, y) => x.index - y.index);
	// A restricted student's events are dropped but answered as accepted: the game must not treat them differently.
	const result: ProgressBatchResult = { batchId: batch.batchId, accepted: outcome.inserted + dropped, duplicates: stored - outcome.inserted, rejected };
	countProgressEvents({ accepted: result.accepted, duplicate: result.duplicates, rejected: rejected.length });
	if (outcome.inserted > 0) await aggregationTrigger(deps.infra.queue, deps.logger)(caller.tenantId);
	return result;
}

function unknownStudent(index: number): ValidationIssue {
	return { path: `/events/${index}/robloxUserId`, code: "unknown_student", message: "No student of this school has this Roblox UserId: the player must join a class first." };
}

function unknownLesson(index: number): ValidationIssue {
	return { path: `/events/${index}/lessonId`, code: "unknown_lesson", message: "No lesson of this school has this id (use the lessonId from /v1/runtime/lessons/active)." };
}

function notStorable(index: number): ValidationIssue {
	return { path: `/events/${index}`, code: "not_storable", message: "The database cannot store a value of this event; resending it will not help." };
}
