import type { MigrationFn } from "../migration";

/**
 * Each school's IANA time zone, in which the dashboard shows dates. UTC until an admin chooses one; the service
 * checks names against its own time zone database before storing them (Postgres's may differ, so no CHECK on it).
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("ALTER TABLE tenants ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'UTC' CHECK (char_length(time_zone) BETWEEN 1 AND 64)");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("ALTER TABLE tenants DROP COLUMN IF EXISTS time_zone");
};
