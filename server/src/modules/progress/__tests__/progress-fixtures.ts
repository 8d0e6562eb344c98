/**
 * Test helpers for the progress summaries: wait for the aggregation job to have folded every stored event of a
 * school (a condition on the queue's work, not a fixed sleep), and the numbers recomputed straight from the raw
 * events, to compare the summaries with.
 */
import { QueryTypes } from "sequelize";
import request from "supertest";
import { withTenant } from "../../../db/tenant-scope";
import type { TestApp } from "../../../http/__tests__/harness";

export async function pendingEvents(t: TestApp, tenantId: string): Promise<number> {
	const [row] = await withTenant(t.infra.db, tenantId, (transaction) =>
		t.infra.db.query<{ pending: number }>("SELECT count(*)::int AS pending FROM progress_events WHERE tenant_id = $1 AND aggregated_at IS NULL", {
			bind: [tenantId],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
	return row?.pending ?? 0;
}

/** Resolves once the school has no pending event (the queue's jobs folded them); fails after `timeoutMs`. */
export async function waitForAggregation(t: TestApp, tenantId: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const pending = await pendingEvents(t, tenantId);
		if (pending === 0) return;
		if (Date.now() > deadline) throw new Error(`${pending} progress events still pending after ${timeoutMs} ms: is the queue started?`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export interface StepNumbers {
	student_user_id: string;
	lesson_id: string;
	step_id: string;
	attempts: number;
	correct: number;
	points: number;
	best_points: number;
	hints_used: number;
	timeouts: number;
	time_ms: number;
	completed: boolean;
	first_seen_at: string;
	last_seen_at: string;
}

const STEP_COLUMNS = `student_user_id::text, lesson_id, step_id, attempts, correct, points, best_points, hints_used, timeouts, time_ms::float8 AS time_ms, completed,
	to_char(first_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS first_seen_at, to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS last_seen_at`;

function query<T extends object>(t: TestApp, tenantId: string, sql: string): Promise<T[]> {
	return withTenant(t.infra.db, tenantId, (transaction) => t.infra.db.query<T>(sql, { bind: [tenantId], type: QueryTypes.SELECT, transaction }));
}

export function stepSummaries(t: TestApp, tenantId: string): Promise<StepNumbers[]> {
	return query<StepNumbers>(t, tenantId, `SELECT ${STEP_COLUMNS} FROM progress_step_summaries WHERE tenant_id = $1 ORDER BY 1, 2, 3`);
}

/** The step numbers as the definition says, straight from every stored event. */
export function stepsFromEvents(t: TestApp, tenantId: string): Promise<StepNumbers[]> {
	return query<StepNumbers>(
		t,
		tenantId,
		`SELECT ${STEP_COLUMNS} FROM (
			SELECT student_user_id, lesson_id, step_id,
				count(*) FILTER (WHERE kind = 'answer_submitted')::int AS attempts,
				count(*) FILTER (WHERE kind = 'answer_submitted' AND (payload->'answer'->>'correct')::boolean)::int AS correct,
				coalesce(sum((payload->'answer'->>'points')::float8) FILTER (WHERE kind = 'answer_submitted'), 0) AS points,
				coalesce(max((payload->'answer'->>'points')::float8) FILTER (WHERE kind = 'answer_submitted'), 0) AS best_points,
				coalesce(sum((payload->>'hintsUsed')::int) FILTER (WHERE kind = 'answer_submitted'), 0)::int AS hints_used,
				count(*) FILTER (WHERE kind = 'answer_submitted' AND (payload->>'timedOut')::boolean)::int AS timeouts,
				coalesce(sum((payload->>'durationMs')::bigint) FILTER (WHERE kind = 'step_completed'), 0) AS time_ms,
				bool_or(kind = 'step_completed') AS completed,
				min((payload->>'occurredAt')::timestamptz) AS first_seen_at, max((payload->>'occurredAt')::timestamptz) AS last_seen_at
			FROM progress_events WHERE tenant_id = $1 AND payload ? 'stepId'
			GROUP BY student_user_id, lesson_id, step_id) x ORDER BY 1, 2, 3`,
	);
}

export interface LessonNumbers {
	student_user_id: string;
	lesson_id: string;
	steps_completed: number;
	score: number;
	time_ms: number;
	completed_at: string | null;
}

export function lessonSummaries(t: TestApp, tenantId: string): Promise<LessonNumbers[]> {
	return query<LessonNumbers>(
		t,
		tenantId,
		`SELECT student_user_id::text, lesson_id, steps_completed, score, time_ms::float8 AS time_ms, completed_at::text AS completed_at
		 FROM progress_lesson_summaries WHERE tenant_id = $1 ORDER BY 1, 2`,
	);
}

/** Per student and lesson from the events: steps completed, the best points per question summed, time, completed at. */
export function lessonsFromEvents(t: TestApp, tenantId: string): Promise<LessonNumbers[]> {
	return query<LessonNumbers>(
		t,
		tenantId,
		`SELECT student_user_id::text, lesson_id,
			count(DISTINCT step_id) FILTER (WHERE kind = 'step_completed')::int AS steps_completed,
			coalesce((SELECT sum(best) FROM (SELECT max((x.payload->'answer'->>'points')::float8) AS best FROM progress_events x
				WHERE x.tenant_id = e.tenant_id AND x.student_user_id = e.student_user_id AND x.lesson_id = e.lesson_id AND x.kind = 'answer_submitted'
				GROUP BY x.payload->>'stepId') b), 0) AS score,
			coalesce(sum((payload->>'durationMs')::bigint) FILTER (WHERE kind = 'step_completed'), 0)::float8 AS time_ms,
			min((payload->>'occurredAt')::timestamptz) FILTER (WHERE kind = 'lesson_completed')::text AS completed_at
		 FROM progress_events e WHERE tenant_id = $1
		 GROUP BY tenant_id, student_user_id, lesson_id ORDER BY 1, 2`,
	);
}

/** A lesson with an instruction, a checkpoint and two questions (10 and 5 points), published and assigned to the class. */
export async function assignQuizLesson(t: TestApp, token: string, classId: string): Promise<string> {
	const auth = { Authorization: `Bearer ${token}` };
	const lesson = await request(t.app).post("/v1/lessons").set(auth).send({ title: "Halves and quarters", subject: "math", gradeBand: "3-5", objectives: [] });
	if (lesson.status !== 201) throw new Error(`createLesson answered ${lesson.status}`);
	const choice = (id: string, correct: boolean) => ({ id, text: id.toUpperCase(), correct });
	const content = {
		schemaVersion: 1,
		title: "Halves and quarters",
		steps: [
			{ kind: "instruction", id: "intro", text: "Find one half." },
			{ kind: "checkpoint", id: "reach", target: "HalfMarker" },
			{ kind: "quiz", id: "q1", prompt: "Larger?", points: 10, question: { type: "single_choice", choices: [choice("a", false), choice("b", true)] } },
			{ kind: "quiz", id: "q2", prompt: "Half of 8?", points: 5, question: { type: "numeric", answer: 4, tolerance: 0 } },
		],
	};
	const version = await request(t.app).post(`/v1/lessons/${lesson.body.id}/versions`).set(auth).send({ version: "1.0.0", content });
	if (version.status !== 201) throw new Error(`createVersion answered ${version.status}`);
	const published = await request(t.app).post(`/v1/lessons/${lesson.body.id}/versions/1.0.0/publish`).set(auth).send({});
	if (published.status !== 200) throw new Error(`publish answered ${published.status}`);
	const assigned = await request(t.app).post(`/v1/classes/${classId}/assignments`).set(auth).send({ lessonId: lesson.body.id, version: "1.0.0" });
	if (assigned.status !== 201) throw new Error(`assign answered ${assigned.status}`);
	return lesson.body.id;
}
