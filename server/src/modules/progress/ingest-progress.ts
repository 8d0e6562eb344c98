import { ProgressEvent, type ProgressBatchResult, type RejectedEvent, type ValidationIssue } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { QueryTypes } from "sequelize";
import type { ApiKeyCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { aggregationTrigger } from "./aggregation-job";
import type { ProgressDeps } from "./progress-deps";

export interface ProgressBatchInput {
	readonly batchId: string;
	/** Checked one by one here: the envelope was checked by the route. */
	readonly events: ReadonlyArray<unknown>;
}

interface ValidEvent {
	readonly index: number;
	readonly event: ProgressEvent;
}

/**
 * Stores a batch's valid events and reports the others by index. Idempotent by event id: the insert skips ids the
 * school already has (a retried batch, overlapping batches, or a repeat inside one batch), and those count as
 * duplicates, never twice. An event must name a Roblox user who is a student of the key's school, and one of the school's lessons
 * (the lessonId from /v1/runtime/lessons/active).
 * The teacher views read summaries: once new events are committed, it asks for the school's (coalesced)
 * aggregation job; the request never folds events itself, so a batch costs one transaction.
 */
export async function ingestProgress(deps: ProgressDeps, caller: ApiKeyCaller, batch: ProgressBatchInput): Promise<ProgressBatchResult> {
	const db = deps.infra.db;
	const rejected: RejectedEvent[] = [];
	const valid: ValidEvent[] = [];
	batch.events.forEach((raw, index) => {
		const result = parse(ProgressEvent, raw, { unknownKeys: "reject" });
		if (result.ok) valid.push({ index, event: result.value });
		else rejected.push({ index, issues: result.issues.map((issue) => ({ ...issue, path: `/events/${index}${issue.path}` })) });
	});
	const result = await withTenant(db, caller.tenantId, async (transaction): Promise<ProgressBatchResult> => {
		// One statement checks the students and lessons and inserts the events whose both are known: a batch's cost is
		// mostly round trips and bytes, so the events go over once (as the stored payload) and the typed columns the
		// aggregation reads are taken from it in SQL. Inserted in event id order: two batches sharing events (in any
		// order) then wait on each other's rows in the same order instead of deadlocking.
		const robloxIds = [...new Set(valid.map((v) => v.event.robloxUserId))];
		const lessonIds = [...new Set(valid.map((v) => v.event.lessonId))];
		const [outcome] =
			valid.length === 0
				? []
				: await db.query<{ students: string[] | null; lessons: string[] | null; inserted: number }>(
						`WITH known_students AS (
				SELECT u.id, u.roblox_user_id FROM users u
				JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $1 AND m.role = 'student'
				WHERE u.roblox_user_id = ANY($5::bigint[])
			), known_lessons AS (
				SELECT id::text AS id FROM lessons WHERE tenant_id = $1 AND id::text = ANY($6::text[])
			), inserted AS (
				INSERT INTO progress_events (tenant_id, event_id, batch_id, api_key_id, student_user_id, kind, lesson_id, step_id, correct, points,
					hints_used, timed_out, duration_ms, occurred_at, payload)
				SELECT $1, (e.p->>'eventId')::uuid, $2, $3, s.id, e.p->>'kind', e.p->>'lessonId', e.p->>'stepId',
					(e.p->'answer'->>'correct')::boolean, (e.p->'answer'->>'points')::double precision,
					CASE WHEN e.p->>'kind' = 'answer_submitted' THEN coalesce((e.p->>'hintsUsed')::integer, 0) END,
					CASE WHEN e.p->>'kind' = 'answer_submitted' THEN coalesce((e.p->>'timedOut')::boolean, false) END,
					CASE WHEN e.p->>'kind' = 'step_completed' THEN (e.p->>'durationMs')::bigint END,
					(e.p->>'occurredAt')::timestamptz, e.p
				FROM jsonb_array_elements($4::jsonb) AS e(p)
				JOIN known_students s ON s.roblox_user_id = (e.p->>'robloxUserId')::bigint
				JOIN known_lessons l ON l.id = e.p->>'lessonId'
				ORDER BY (e.p->>'eventId')::uuid
				ON CONFLICT (tenant_id, event_id) DO NOTHING
				RETURNING 1
			)
			SELECT (SELECT array_agg(roblox_user_id::text) FROM known_students) AS students,
				(SELECT array_agg(id) FROM known_lessons) AS lessons,
				(SELECT count(*)::int FROM inserted) AS inserted`,
						{
							bind: [caller.tenantId, batch.batchId, caller.actor.apiKeyId, JSON.stringify(valid.map((v) => v.event)), robloxIds, lessonIds],
							type: QueryTypes.SELECT,
							transaction,
						},
					);
		const knownStudents = new Set((outcome?.students ?? []).map(Number));
		const knownLessons = new Set(outcome?.lessons ?? []);
		let stored = 0;
		for (const { index, event } of valid) {
			const issues = [...(knownStudents.has(event.robloxUserId) ? [] : [unknownStudent(index)]), ...(knownLessons.has(event.lessonId) ? [] : [unknownLesson(index)])];
			if (issues.length > 0) rejected.push({ index, issues });
			else stored += 1;
		}
		const accepted = outcome?.inserted ?? 0;
		rejected.sort((x, y) => x.index - y.index);
		return { batchId: batch.batchId, accepted, duplicates: stored - accepted, rejected };
	});
	if (result.accepted > 0) await aggregationTrigger(deps.infra.queue, deps.logger)(caller.tenantId);
	return result;
}

function unknownStudent(index: number): ValidationIssue {
	return { path: `/events/${index}/robloxUserId`, code: "unknown_student", message: "No student of this school has this Roblox UserId: the player must join a class first." };
}

function unknownLesson(index: number): ValidationIssue {
	return { path: `/events/${index}/lessonId`, code: "unknown_lesson", message: "No lesson of this school has this id (use the lessonId from /v1/runtime/lessons/active)." };
}
