import type { Logger } from "pino";
import type { Sequelize } from "sequelize";
import type { Config } from "../config/config";
import { lockDataDir, type DataDirLock } from "./data-dir-lock";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { migrate } from "./migrate";
import { onceAsync } from "./once-async";
import { createSequelize, pingSequelize } from "./sequelize";

export interface Database {
	readonly db: Sequelize;
	readonly driver: "postgres" | "embedded";
	ping(): Promise<void>;
	/** Embedded only: PGlite's dump of its data directory (embedded-postgres.ts); the backup job uses it. */
	dumpEmbedded?(): Promise<Blob>;
	/** Closes the pool, then the embedded server and PGlite, then releases the data-dir lock. */
	close(): Promise<void>;
}

const POSTGRES_POOL_MAX = 10;

/** Connects (DATABASE_URL) or starts embedded Postgres, then applies pending migrations. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
	return config.databaseUrl === undefined ? openEmbedded(config.dataDir, logger) : openPostgres(config.databaseUrl, config.migrationDatabaseUrl, logger);
}

/** The address without its credentials, for a message: postgres://db.example.org:5432/toolboxai. */
function whereTo(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return "(not a URL)";
	}
}

/** A first connection that fails names the setting to check, never a bare `connect ECONNREFUSED`. */
async function connect(db: Sequelize, setting: "DATABASE_URL" | "MIGRATION_DATABASE_URL", url: string): Promise<void> {
	try {
		await db.authenticate();
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`Cannot reach the database at ${setting} (${whereTo(url)}): ${reason}. Check ${setting} and that Postgres is running.`, { cause: error });
	}
}

async function openPostgres(url: string, migrationUrl: string | undefined, logger: Logger): Promise<Database> {
	const db = createSequelize({ url, poolMax: POSTGRES_POOL_MAX, logger });
	try {
		await connect(db, "DATABASE_URL", url);
		if (migrationUrl === undefined) await migrate({ db, logger, lockUrl: url });
		else await migrateAsOwner(migrationUrl, logger);
	} catch (error) {
		await db.close();
		throw error;
	}
	logger.info({ driver: "postgres" }, "database ready");
	return { db, driver: "postgres", ping: () => pingSequelize(db), close: onceAsync(() => db.close()) };
}

/** Migrations through a short-lived connection as the tables' owner; the service's pool never holds that role. */
async function migrateAsOwner(url: string, logger: Logger): Promise<void> {
	const owner = createSequelize({ url, poolMax: 1, logger });
	try {
		await connect(owner, "MIGRATION_DATABASE_URL", url);
		await migrate({ db: owner, logger, lockUrl: url });
	} finally {
		await owner.close();
	}
}

async function openEmbedded(dataDir: string, logger: Logger): Promise<Database> {
	const lock = await lockDataDir(dataDir, (error) => logger.error({ err: error, dataDir }, "data directory lock compromised"));
	let embedded: EmbeddedPostgres | undefined;
	let db: Sequelize | undefined;
	const close = onceAsync(() => closeEmbedded(db, embedded, lock));
	try {
		embedded = await startEmbeddedPostgres(dataDir, logger);
		db = createSequelize({ url: embedded.url, poolMax: 1, logger });
		await db.authenticate();
		await migrate({ db, logger });
	} catch (error) {
		await close();
		throw error;
	}
	logger.info({ driver: "embedded", dataDir }, "database ready");
	const ready = db;
	const running = embedded;
	return { db: ready, driver: "embedded", ping: () => pingSequelize(ready), dumpEmbedded: () => running.dumpDataDir(), close };
}

async function closeEmbedded(db: Sequelize | undefined, embedded: EmbeddedPostgres | undefined, lock: DataDirLock): Promise<void> {
	try {
		await db?.close();
	} finally {
		try {
			await embedded?.close();
		} finally {
			await lock.release();
		}
	}
}
