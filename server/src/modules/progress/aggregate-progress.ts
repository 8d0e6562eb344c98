import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { withTenant } from "../../db/tenant-scope";

/** Events folded per transaction: bounds a transaction's length when a school sent a lot at once. */
export const AGGREGATION_CHUNK = 5_000;

export interface AggregateOptions {
	/** Only this student's pending events (a game server resuming them wants them now). */
	readonly studentUserId?: string;
	readonly chunk?: number;
}

interface Key {
	readonly student_user_id: string;
	readonly lesson_id: string;
}

/**
 * Folds a school's pending progress events (aggregated_at IS NULL) into the summary tables, chunk by chunk, and
 * returns how many events it folded. Safe to run twice or concurrently:
 *  - one school's folds take turns (a transaction-scoped advisory lock), so a second run finds nothing pending;
 *  - the summaries of every (student, lesson) a chunk touches are recomputed from ALL their stored events, not
 *    incremented, so a repeated fold writes the same numbers, and an event committed meanwhile is either counted
 *    now and again later (same result) or left pending for the next run.
 */
export async function aggregateProgress(db: Sequelize, tenantId: string, options: AggregateOptions = {}): Promise<number> {
	const chunk = options.chunk ?? AGGREGATION_CHUNK;
	let folded = 0;
	for (;;) {
		const claimed = await withTenant(db, tenantId, (transaction) => foldChunk(db, transaction, tenantId, options.studentUserId ?? null, chunk));
		folded += claimed;
		if (claimed < chunk) return folded;
	}
}

async function foldChunk(db: Sequelize, transaction: Transaction, tenantId: string, studentUserId: string | null, chunk: number): Promise<number> {
	const run = <T extends object>(sql: string, bind: unknown[]) => db.query<T>(sql, { bind, type: QueryTypes.SELECT, transaction });
	await run("SELECT pg_advisory_xact_lock(hashtext('progress.aggregate'), hashtext($1))", [tenantId]);
	const claimed = await run<Key & { events: number }>(
		`WITH pending AS (
			SELECT event_id FROM progress_events
			WHERE tenant_id = $1 AND aggregated_at IS NULL AND ($2::uuid IS NULL OR student_user_id = $2::uuid)
			LIMIT $3
		), claimed AS (
			UPDATE progress_events e SET aggregated_at = now()
			FROM pending p
			WHERE e.tenant_id = $1 AND e.event_id = p.event_id AND e.aggregated_at IS NULL
			RETURNING e.student_user_id, e.lesson_id
		)
		SELECT student_user_id::text, lesson_id, count(*)::int AS events FROM claimed GROUP BY student_user_id, lesson_id`,
		[tenantId, studentUserId, chunk],
	);
	if (claimed.length === 0) return 0;
	const keys = JSON.stringify(claimed.map(({ student_user_id, lesson_id }) => ({ student_user_id, lesson_id })));
	await run(
		`INSERT INTO progress_step_summaries AS s (tenant_id, student_user_id, lesson_id, step_id, attempts, correct, points, best_points,
			hints_used, timeouts, time_ms, completed, first_seen_at, last_seen_at)
		 SELECT $1, e.student_user_id, e.lesson_id, e.step_id,
			count(*) FILTER (WHERE e.kind = 'answer_submitted')::int,
			count(*) FILTER (WHERE e.kind = 'answer_submitted' AND e.correct)::int,
			coalesce(sum(e.points) FILTER (WHERE e.kind = 'answer_submitted'), 0),
			coalesce(max(e.points) FILTER (WHERE e.kind = 'answer_submitted'), 0),
			coalesce(sum(e.hints_used) FILTER (WHERE e.kind = 'answer_submitted'), 0)::int,
			count(*) FILTER (WHERE e.kind = 'answer_submitted' AND e.timed_out)::int,
			coalesce(sum(e.duration_ms) FILTER (WHERE e.kind = 'step_completed'), 0)::bigint,
			bool_or(e.kind = 'step_completed'),
			min(e.occurred_at), max(e.occurred_at)
		 FROM progress_events e
		 JOIN jsonb_to_recordset($2::jsonb) AS k(student_user_id uuid, lesson_id text) ON k.student_user_id = e.student_user_id AND k.lesson_id = e.lesson_id
		 WHERE e.tenant_id = $1 AND e.step_id IS NOT NULL
		 GROUP BY e.student_user_id, e.lesson_id, e.step_id
		 ON CONFLICT (tenant_id, student_user_id, lesson_id, step_id) DO UPDATE SET
			attempts = EXCLUDED.attempts, correct = EXCLUDED.correct, points = EXCLUDED.points, best_points = EXCLUDED.best_points,
			hints_used = EXCLUDED.hints_used, timeouts = EXCLUDED.timeouts, time_ms = EXCLUDED.time_ms, completed = EXCLUDED.completed,
			first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at
		 RETURNING 1`,
		[tenantId, keys],
	);
	// Per lesson: from the step rows just written (same transaction) plus the lesson-level events.
	await run(
		`INSERT INTO progress_lesson_summaries (tenant_id, student_user_id, lesson_id, steps_completed, score, time_ms, started_at, completed_at, first_seen_at, last_seen_at)
		 SELECT $1, k.student_user_id, k.lesson_id, coalesce(st.steps_completed, 0), coalesce(st.score, 0), coalesce(st.time_ms, 0),
			ev.started_at, ev.completed_at, ev.first_seen_at, ev.last_seen_at
		 FROM jsonb_to_recordset($2::jsonb) AS k(student_user_id uuid, lesson_id text)
		 CROSS JOIN LATERAL (
			SELECT min(e.occurred_at) FILTER (WHERE e.kind = 'lesson_started') AS started_at,
				min(e.occurred_at) FILTER (WHERE e.kind = 'lesson_completed') AS completed_at,
				min(e.occurred_at) AS first_seen_at, max(e.occurred_at) AS last_seen_at
			FROM progress_events e WHERE e.tenant_id = $1 AND e.student_user_id = k.student_user_id AND e.lesson_id = k.lesson_id
		 ) ev
		 CROSS JOIN LATERAL (
			SELECT count(*) FILTER (WHERE s.completed)::int AS steps_completed, sum(s.best_points) AS score, sum(s.time_ms)::bigint AS time_ms
			FROM progress_step_summaries s WHERE s.tenant_id = $1 AND s.student_user_id = k.student_user_id AND s.lesson_id = k.lesson_id
		 ) st
		 WHERE ev.first_seen_at IS NOT NULL
		 ON CONFLICT (tenant_id, student_user_id, lesson_id) DO UPDATE SET
			steps_completed = EXCLUDED.steps_completed, score = EXCLUDED.score, time_ms = EXCLUDED.time_ms, started_at = EXCLUDED.started_at,
			completed_at = EXCLUDED.completed_at, first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at
		 RETURNING 1`,
		[tenantId, keys],
	);
	return claimed.reduce((sum, key) => sum + key.events, 0);
}
