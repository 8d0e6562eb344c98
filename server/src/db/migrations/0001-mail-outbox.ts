import type { MigrationFn } from "../migration";

/** The embedded mail driver's store: the dashboard lists these instead of a real inbox. */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query(`
		CREATE TABLE IF NOT EXISTS mail_outbox (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			to_address text NOT NULL,
			subject text NOT NULL,
			text_body text NOT NULL,
			html_body text,
			template text,
			created_at timestamptz NOT NULL DEFAULT now()
		)`);
	await queryInterface.sequelize.query("CREATE INDEX IF NOT EXISTS mail_outbox_created_at_idx ON mail_outbox (created_at DESC)");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS mail_outbox");
};
