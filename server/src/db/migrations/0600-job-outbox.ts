import type { MigrationFn } from "../migration";

/**
 * The transactional outbox (jobs/outbox.ts): a job that must run because a change committed is written here in the
 * change's own transaction, relayed to the queue after the commit, and by the sweeper when the process died between
 * the two. A row names its job and its idempotency key; the pair is unique, so writing the same job twice keeps one.
 * Rows carry ids, never people's data, and belong to no tenant: the service's roles write them from any scope.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS job_outbox (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			job_name text NOT NULL CHECK (char_length(job_name) BETWEEN 1 AND 100),
			idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 300),
			payload jsonb NOT NULL,
			delay_ms integer NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
			created_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (job_name, idempotency_key)
		)`);
	await q("CREATE INDEX IF NOT EXISTS job_outbox_created_at_idx ON job_outbox (created_at)");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS job_outbox");
};
