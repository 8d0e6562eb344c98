import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";

export interface AggregateInput {
	readonly tenantId: string;
	/** Only this student's pending events (a game server resuming them wants them now). */
	readonly studentUserId?: string;
}

/**
 * Folds a school's pending progress events (aggregated_at IS NULL) into the summary tables and returns how many it
 * folded. One transaction claims every pending event (sets aggregated_at) and adds them to the summaries, so the work
 * is proportional to the new events, never to a student's history; with a job every couple of seconds that is a
 * few seconds' worth of events (a backlog after downtime is folded in one pass, still in proportion to its size).
 *  - an event is added exactly once: the claim and the addition commit together or not at all, and a claimed event
 *    is no longer pending for any later run (a job run twice finds nothing to do);
 *  - one school's folds take turns (a transaction-scoped advisory lock), so two runs at once never interleave their
 *    reads and writes of the same summary rows;
 *  - lesson rows are recomputed from their (few) step rows, so they always agree with them.
 */
export async function aggregateProgress(deps: Pick<AppDependencies, "infra">, input: AggregateInput): Promise<number> {
	return countEvents(await aggregateProgressChanges(deps, input));
}

/** The same fold, answering what it folded per (student, lesson): the aggregation job tells classes about it. */
export async function aggregateProgressChanges(deps: Pick<AppDependencies, "infra">, input: AggregateInput): Promise<ReadonlyArray<TouchedLesson>> {
	const db = deps.infra.db;
	return withTenant(db, input.tenantId, (transaction) => fold(db, transaction, input.tenantId, input.studentUserId ?? null));
}

export function countEvents(touched: ReadonlyArray<TouchedLesson>): number {
	return touched.reduce((sum, key) => sum + key.events, 0);
}

export interface TouchedLesson {
	readonly student_user_id: string;
	readonly lesson_id: string;
	readonly events: number;
	/** Timestamps as Postgres text, so they go back in exactly (no rounding through a JS Date). */
	readonly started_at: string | null;
	readonly completed_at: string | null;
	readonly first_seen_at: string;
	readonly last_seen_at: string;
}

async function fold(db: Sequelize, transaction: Transaction, tenantId: string, studentUserId: string | null): Promise<ReadonlyArray<TouchedLesson>> {
	const run = <T extends object>(sql: string, bind: unknown[]) => db.query<T>(sql, { bind, type: QueryTypes.SELECT, transaction });
	await run("SELECT pg_advisory_xact_lock(hashtext('progress.aggregate'), hashtext($1))", [tenantId]);
	// Claim the pending events, add them to the step rows, and sum it up per (student, lesson) for the lesson rows: one statement.
	const touched = await run<TouchedLesson>(
		`WITH claimed AS (
			-- Every pending event, found through the partial index of pending events alone: a chunked claim (a LIMIT, then
			-- the rows by id) let the planner walk all of a new school's events once per chunk whenever its statistics
			-- still said the school had none.
			UPDATE progress_events e SET aggregated_at = now()
			WHERE e.tenant_id = $1 AND e.aggregated_at IS NULL AND ($2::uuid IS NULL OR e.student_user_id = $2::uuid)
			RETURNING e.student_user_id, e.lesson_id, e.step_id, e.kind, e.correct, e.points, e.hints_used, e.timed_out, e.duration_ms, e.occurred_at
		), steps AS (
			INSERT INTO progress_step_summaries AS s (tenant_id, student_user_id, lesson_id, step_id, attempts, correct, points, best_points,
				hints_used, timeouts, time_ms, completed, first_seen_at, last_seen_at)
			SELECT $1, c.student_user_id, c.lesson_id, c.step_id,
				count(*) FILTER (WHERE c.kind = 'answer_submitted')::int,
				count(*) FILTER (WHERE c.kind = 'answer_submitted' AND c.correct)::int,
				coalesce(sum(c.points) FILTER (WHERE c.kind = 'answer_submitted'), 0),
				coalesce(max(c.points) FILTER (WHERE c.kind = 'answer_submitted'), 0),
				coalesce(sum(c.hints_used) FILTER (WHERE c.kind = 'answer_submitted'), 0)::int,
				count(*) FILTER (WHERE c.kind = 'answer_submitted' AND c.timed_out)::int,
				coalesce(sum(c.duration_ms) FILTER (WHERE c.kind = 'step_completed'), 0)::bigint,
				bool_or(c.kind = 'step_completed'),
				min(c.occurred_at), max(c.occurred_at)
			FROM claimed c WHERE c.step_id IS NOT NULL
			GROUP BY c.student_user_id, c.lesson_id, c.step_id
			ON CONFLICT (tenant_id, student_user_id, lesson_id, step_id) DO UPDATE SET
				attempts = s.attempts + EXCLUDED.attempts, correct = s.correct + EXCLUDED.correct, points = s.points + EXCLUDED.points,
				best_points = GREATEST(s.best_points, EXCLUDED.best_points), hints_used = s.hints_used + EXCLUDED.hints_used,
				timeouts = s.timeouts + EXCLUDED.timeouts, time_ms = s.time_ms + EXCLUDED.time_ms, completed = s.completed OR EXCLUDED.completed,
				first_seen_at = LEAST(s.first_seen_at, EXCLUDED.first_seen_at), last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at)
			RETURNING 1
		)
		SELECT c.student_user_id::text, c.lesson_id, count(*)::int AS events,
			(min(c.occurred_at) FILTER (WHERE c.kind = 'lesson_started'))::text AS started_at,
			(min(c.occurred_at) FILTER (WHERE c.kind = 'lesson_completed'))::text AS completed_at,
			min(c.occurred_at)::text AS first_seen_at, max(c.occurred_at)::text AS last_seen_at
		FROM claimed c GROUP BY c.student_user_id, c.lesson_id`,
		[tenantId, studentUserId],
	);
	if (touched.length === 0) return [];
	// The lesson rows: counts from the step rows just written (this transaction sees them), times merged.
	await run(
		`INSERT INTO progress_lesson_summaries AS ls (tenant_id, student_user_id, lesson_id, steps_completed, score, time_ms, started_at, completed_at, first_seen_at, last_seen_at)
		 SELECT $1, k.student_user_id, k.lesson_id, st.steps_completed, st.score, st.time_ms, k.started_at, k.completed_at, k.first_seen_at, k.last_seen_at
		 FROM jsonb_to_recordset($2::jsonb) AS k(student_user_id uuid, lesson_id text, started_at timestamptz, completed_at timestamptz, first_seen_at timestamptz, last_seen_at timestamptz)
		 CROSS JOIN LATERAL (
			SELECT count(*) FILTER (WHERE s.completed)::int AS steps_completed, coalesce(sum(s.best_points), 0) AS score, coalesce(sum(s.time_ms), 0)::bigint AS time_ms
			FROM progress_step_summaries s WHERE s.tenant_id = $1 AND s.student_user_id = k.student_user_id AND s.lesson_id = k.lesson_id
		 ) st
		 ON CONFLICT (tenant_id, student_user_id, lesson_id) DO UPDATE SET
			steps_completed = EXCLUDED.steps_completed, score = EXCLUDED.score, time_ms = EXCLUDED.time_ms,
			started_at = LEAST(ls.started_at, EXCLUDED.started_at), completed_at = LEAST(ls.completed_at, EXCLUDED.completed_at),
			first_seen_at = LEAST(ls.first_seen_at, EXCLUDED.first_seen_at), last_seen_at = GREATEST(ls.last_seen_at, EXCLUDED.last_seen_at)
		 RETURNING 1`,
		[tenantId, JSON.stringify(touched)],
	);
	return touched;
}
