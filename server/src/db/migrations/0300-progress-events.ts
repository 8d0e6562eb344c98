import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Progress events from game servers, one row per event. The event id is made where the event happened,
 * so (tenant_id, event_id) is the idempotency key: a retried or overlapping batch inserts nothing twice
 * (INSERT … ON CONFLICT DO NOTHING). The tenant is part of the key so one school's ids can never collide with,
 * or reveal, another's. The typed columns are what the teacher views aggregate; `payload` keeps the event as sent.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS progress_events (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			event_id uuid NOT NULL,
			batch_id uuid NOT NULL,
			api_key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
			student_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			kind text NOT NULL CHECK (kind IN ('lesson_started', 'step_completed', 'answer_submitted', 'lesson_completed')),
			lesson_id text NOT NULL,
			step_id text,
			correct boolean,
			points double precision,
			duration_ms bigint,
			occurred_at timestamptz NOT NULL,
			received_at timestamptz NOT NULL DEFAULT now(),
			payload jsonb NOT NULL,
			PRIMARY KEY (tenant_id, event_id)
		)`);
	await q("CREATE INDEX IF NOT EXISTS progress_events_student_idx ON progress_events (tenant_id, student_user_id, lesson_id, step_id)");
	await enableTenantRls(queryInterface, "progress_events");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await disableTenantRls(queryInterface, "progress_events");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS progress_events");
};
