import { ProgressEvent, type ProgressBatchResult, type RejectedEvent, type ValidationIssue } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import type { ApiKeyPrincipal } from "../apikeys/authenticate-api-key";
import type { AggregationTrigger } from "../progress/aggregation-job";

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
 * The teacher views read summaries: once new events are committed, `aggregate` asks for the school's (coalesced)
 * aggregation job; the request never folds events itself, so a batch costs one transaction.
 */
export async function ingestProgress(db: Sequelize, principal: ApiKeyPrincipal, batch: ProgressBatchInput, aggregate?: AggregationTrigger): Promise<ProgressBatchResult> {
	const rejected: RejectedEvent[] = [];
	const valid: ValidEvent[] = [];
	batch.events.forEach((raw, index) => {
		const result = parse(ProgressEvent, raw, { unknownKeys: "reject" });
		if (result.ok) valid.push({ index, event: result.value });
		else rejected.push({ index, issues: result.issues.map((issue) => ({ ...issue, path: `/events/${index}${issue.path}` })) });
	});
	const result = await withTenant(db, principal.tenantId, async (transaction): Promise<ProgressBatchResult> => {
		// One round trip for both checks: a batch's cost is mostly round trips, not rows.
		const robloxIds = [...new Set(valid.map((v) => v.event.robloxUserId))];
		const lessonIds = [...new Set(valid.map((v) => v.event.lessonId))];
		const [known] = valid.length === 0 ? [] : await db.query<{ students: Array<{ id: string; roblox_user_id: number }> | null; lessons: string[] | null }>(
			`SELECT
				(SELECT json_agg(json_build_object('id', u.id, 'roblox_user_id', u.roblox_user_id)) FROM users u
				 JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $1 AND m.role = 'student'
				 WHERE u.roblox_user_id = ANY($2::bigint[])) AS students,
				(SELECT array_agg(id::text) FROM lessons WHERE tenant_id = $1 AND id::text = ANY($3::text[])) AS lessons`,
			{ bind: [principal.tenantId, robloxIds, lessonIds], type: QueryTypes.SELECT, transaction },
		);
		const studentOf = new Map((known?.students ?? []).map((row) => [Number(row.roblox_user_id), row.id]));
		const knownLessons = new Set(known?.lessons ?? []);
		const rows: Array<Record<string, unknown>> = [];
		for (const { index, event } of valid) {
			const studentUserId = studentOf.get(event.robloxUserId);
			const issues = [...(studentUserId === undefined ? [unknownStudent(index)] : []), ...(knownLessons.has(event.lessonId) ? [] : [unknownLesson(index)])];
			if (studentUserId === undefined || issues.length > 0) {
				rejected.push({ index, issues });
				continue;
			}
			rows.push(rowOf(event, studentUserId));
		}
		let accepted = 0;
		if (rows.length > 0) {
			// Inserted in event id order: two batches sharing events (in any order) then wait on each other's rows in
			// the same order instead of deadlocking.
			const inserted = await db.query<{ event_id: string }>(
				`INSERT INTO progress_events (tenant_id, event_id, batch_id, api_key_id, student_user_id, kind, lesson_id, step_id, correct, points, hints_used, timed_out, duration_ms, occurred_at, payload)
				 SELECT $1, r.event_id, $2, $3, r.student_user_id, r.kind, r.lesson_id, r.step_id, r.correct, r.points, r.hints_used, r.timed_out, r.duration_ms, r.occurred_at, r.payload
				 FROM jsonb_to_recordset($4::jsonb) AS r(event_id uuid, student_user_id uuid, kind text, lesson_id text, step_id text, correct boolean, points double precision, hints_used integer, timed_out boolean, duration_ms bigint, occurred_at timestamptz, payload jsonb)
				 ORDER BY r.event_id
				 ON CONFLICT (tenant_id, event_id) DO NOTHING
				 RETURNING event_id`,
				{ bind: [principal.tenantId, batch.batchId, principal.apiKeyId, JSON.stringify(rows)], type: QueryTypes.SELECT, transaction },
			);
			accepted = inserted.length;
		}
		rejected.sort((x, y) => x.index - y.index);
		return { batchId: batch.batchId, accepted, duplicates: rows.length - accepted, rejected };
	});
	if (result.accepted > 0) await aggregate?.(principal.tenantId);
	return result;
}

function unknownStudent(index: number): ValidationIssue {
	return { path: `/events/${index}/robloxUserId`, code: "unknown_student", message: "No student of this school has this Roblox UserId: the player must join a class first." };
}

function unknownLesson(index: number): ValidationIssue {
	return { path: `/events/${index}/lessonId`, code: "unknown_lesson", message: "No lesson of this school has this id (use the lessonId from /v1/runtime/lessons/active)." };
}

/** The typed columns the teacher views aggregate, and the event as sent. */
function rowOf(event: ProgressEvent, studentUserId: string): Record<string, unknown> {
	const base = { event_id: event.eventId, student_user_id: studentUserId, kind: event.kind, lesson_id: event.lessonId, occurred_at: event.occurredAt, payload: event };
	switch (event.kind) {
		case "step_completed":
			return { ...base, step_id: event.stepId, duration_ms: event.durationMs ?? null };
		case "answer_submitted":
			return { ...base, step_id: event.stepId, correct: event.answer.correct, points: event.answer.points, hints_used: event.hintsUsed ?? 0, timed_out: event.timedOut === true };
		default:
			return base;
	}
}
