import type { MigrationFn } from "../migration";

/** Jobs whose last attempt failed; `payload` keeps the versioned envelope so a job can be replayed. */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query(`
		CREATE TABLE IF NOT EXISTS job_dead_letters (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			job_name text NOT NULL,
			job_id text NOT NULL,
			payload jsonb NOT NULL,
			error text NOT NULL,
			attempts integer NOT NULL,
			failed_at timestamptz NOT NULL DEFAULT now()
		)`);
	await queryInterface.sequelize.query("CREATE INDEX IF NOT EXISTS job_dead_letters_failed_at_idx ON job_dead_letters (failed_at DESC)");
	await queryInterface.sequelize.query("CREATE INDEX IF NOT EXISTS job_dead_letters_job_idx ON job_dead_letters (job_name, job_id)");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS job_dead_letters");
};
