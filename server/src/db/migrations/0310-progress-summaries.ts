import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Progress summaries: what the teacher views and the game's resume read, folded from progress_events by
 * the progress.aggregate job (modules/progress/aggregate-progress.ts), never by the ingestion request.
 *
 * - progress_events.aggregated_at: NULL until a job has folded the event. The pending events are the job's outbox:
 *   whatever job runs next for the school folds every one of them, so a lost or failed job delays numbers, never
 *   loses them. A partial index keeps "what is pending" cheap however large the table grows.
 * - hints_used / timed_out: what the game server decided for an answer (typed copies of the payload's fields).
 * - progress_step_summaries: per student × lesson × step (class-independent: a class view joins its roster).
 * - progress_lesson_summaries: per student × lesson.
 * A job claims pending events (sets aggregated_at) and adds them to these rows in one transaction, so each event
 * counts once whether a job runs twice or two run at once (the job also serialises per school with an advisory lock).
 * Events stored before this migration are pending: the school's next job folds them.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q("ALTER TABLE progress_events ADD COLUMN IF NOT EXISTS aggregated_at timestamptz");
	await q("ALTER TABLE progress_events ADD COLUMN IF NOT EXISTS hints_used integer");
	await q("ALTER TABLE progress_events ADD COLUMN IF NOT EXISTS timed_out boolean");
	await q("CREATE INDEX IF NOT EXISTS progress_events_pending_idx ON progress_events (tenant_id, student_user_id) WHERE aggregated_at IS NULL");
	await q(`
		CREATE TABLE IF NOT EXISTS progress_step_summaries (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			student_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			lesson_id text NOT NULL,
			step_id text NOT NULL,
			attempts integer NOT NULL,
			correct integer NOT NULL,
			points double precision NOT NULL,
			best_points double precision NOT NULL,
			hints_used integer NOT NULL,
			timeouts integer NOT NULL,
			time_ms bigint NOT NULL,
			completed boolean NOT NULL,
			first_seen_at timestamptz NOT NULL,
			last_seen_at timestamptz NOT NULL,
			PRIMARY KEY (tenant_id, student_user_id, lesson_id, step_id)
		)`);
	await enableTenantRls(queryInterface, "progress_step_summaries");
	await q(`
		CREATE TABLE IF NOT EXISTS progress_lesson_summaries (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			student_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			lesson_id text NOT NULL,
			steps_completed integer NOT NULL,
			score double precision NOT NULL,
			time_ms bigint NOT NULL,
			started_at timestamptz,
			completed_at timestamptz,
			first_seen_at timestamptz NOT NULL,
			last_seen_at timestamptz NOT NULL,
			PRIMARY KEY (tenant_id, student_user_id, lesson_id)
		)`);
	await enableTenantRls(queryInterface, "progress_lesson_summaries");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await disableTenantRls(queryInterface, "progress_lesson_summaries");
	await q("DROP TABLE IF EXISTS progress_lesson_summaries");
	await disableTenantRls(queryInterface, "progress_step_summaries");
	await q("DROP TABLE IF EXISTS progress_step_summaries");
	await q("DROP INDEX IF EXISTS progress_events_pending_idx");
	await q("ALTER TABLE progress_events DROP COLUMN IF EXISTS timed_out");
	await q("ALTER TABLE progress_events DROP COLUMN IF EXISTS hints_used");
	await q("ALTER TABLE progress_events DROP COLUMN IF EXISTS aggregated_at");
};
