import pg from "pg";
import type { Logger } from "pino";
import type { QueryInterface, Sequelize } from "sequelize";
import { SequelizeStorage, Umzug } from "umzug";
import type { Migration } from "./migration";
import { migrations as allMigrations } from "./migrations";

export interface MigrateOptions {
	readonly db: Sequelize;
	readonly logger: Logger;
	/**
	 * Connection string for the advisory lock's own connection; undefined skips the lock (embedded
	 * Postgres: one shared session makes advisory locks meaningless, and the data-dir lock already
	 * guarantees a single process).
	 */
	readonly lockUrl?: string;
	readonly lockTimeoutMs?: number;
	readonly migrations?: readonly Migration[];
}

/** Arbitrary constant shared by every instance of the service: the key of the "migrations running" lock. */
export const MIGRATION_LOCK_KEY = 4_170_001;
const DEFAULT_LOCK_TIMEOUT_MS = 120_000;

export function createMigrator(db: Sequelize, logger: Logger, migrations: readonly Migration[] = allMigrations) {
	return new Umzug<QueryInterface>({
		migrations: migrations.map((migration) => ({
			name: migration.name,
			up: (params) => inTransaction(db, migration, () => migration.up(params)),
			down: (params) => inTransaction(db, migration, () => migration.down(params)),
		})),
		context: db.getQueryInterface(),
		storage: new SequelizeStorage({ sequelize: db, tableName: "schema_migrations" }),
		logger: {
			// One line per migration is detail: the run's summary (migrate below) is what a start shows.
			info: (event) => logger.debug(event, "migration"),
			warn: (event) => logger.warn(event, "migration"),
			error: (event) => logger.error(event, "migration"),
			debug: (event) => logger.debug(event, "migration"),
		},
	});
}

/** Applies pending migrations; with `lockUrl`, only one instance migrates at a time and the others wait. */
export async function migrate(options: MigrateOptions): Promise<string[]> {
	const migrator = createMigrator(options.db, options.logger, options.migrations);
	const run = async () => {
		const applied = (await migrator.up()).map((migration) => migration.name);
		if (applied.length > 0) options.logger.info({ applied }, `database: applied ${applied.length} migration${applied.length === 1 ? "" : "s"}`);
		return applied;
	};
	if (options.lockUrl === undefined) return run();
	return withAdvisoryLock(options.lockUrl, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, options.logger, run);
}

/**
 * Holds a session-level advisory lock on a dedicated connection for the whole run. If this process dies
 * the connection drops and Postgres frees the lock, so a crash never blocks the next deploy.
 */
async function withAdvisoryLock<T>(url: string, timeoutMs: number, logger: Logger, fn: () => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		// lock_timeout also bounds advisory lock waits: a migrator stuck elsewhere fails this start loudly.
		await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
		const started = Date.now();
		try {
			await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
		} catch (error) {
			throw new Error(`Could not take the migration lock within ${timeoutMs} ms: another instance is still migrating`, { cause: error });
		}
		logger.debug({ waitedMs: Date.now() - started }, "migration lock taken");
		try {
			return await fn();
		} finally {
			await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
		}
	} finally {
		await client.end();
	}
}

function inTransaction(db: Sequelize, migration: Migration, fn: () => Promise<unknown>): Promise<unknown> {
	// CLS carries the transaction into every queryInterface call inside `fn`.
	return migration.transaction === false ? fn() : db.transaction(() => fn());
}
