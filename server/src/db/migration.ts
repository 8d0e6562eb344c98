import type { QueryInterface } from "sequelize";
import type { MigrationFn as UmzugMigrationFn } from "umzug";

export type MigrationFn = UmzugMigrationFn<QueryInterface>;

export interface Migration {
	readonly name: string;
	readonly up: MigrationFn;
	readonly down: MigrationFn;
	/** Default true: the migration runs in one transaction. False for statements that refuse one (CREATE INDEX CONCURRENTLY). */
	readonly transaction?: boolean;
}
