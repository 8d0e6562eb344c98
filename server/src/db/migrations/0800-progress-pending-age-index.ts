import type { MigrationFn } from "../migration";

/**
 * The aggregation-lag metric reads the oldest pending progress event at every scrape, across every school. This
 * partial index holds only pending events, ordered by arrival, so that read is one index entry however long the
 * backlog is (a backlog is exactly when the metric matters).
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("CREATE INDEX IF NOT EXISTS progress_events_pending_received_idx ON progress_events (received_at) WHERE aggregated_at IS NULL");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP INDEX IF EXISTS progress_events_pending_received_idx");
};
