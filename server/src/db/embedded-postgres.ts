/**
 * Embedded Postgres: PGlite (real Postgres compiled to WASM) on `<dataDir>/pg`, served over the Postgres
 * wire protocol on 127.0.0.1 so the same Sequelize/pg code runs as in production.
 */
import fs from "node:fs";
import path from "node:path";
// The packages are loaded with import() (ESM), so their ESM typings are the ones that match.
// (Written as import types: Biome cannot parse `import type ... with { "resolution-mode" }` statements yet.)
type PGlite = import("@electric-sql/pglite", { with: { "resolution-mode": "import" }}).PGlite;
type PGLiteSocketServer = import("@electric-sql/pglite-socket", { with: { "resolution-mode": "import" }}).PGLiteSocketServer;
import type { Logger } from "pino";
import { makeTreePrivate, PRIVATE_DIR_MODE } from "../config/private-files";
import { onceAsync } from "./once-async";

export interface EmbeddedPostgres {
	/** Connection string for pg/Sequelize. */
	readonly url: string;
	/**
	 * PGlite's own dump: a gzipped tar of the data directory, taken between two statements after a checkpoint (what
	 * Postgres recovers from after a power cut, so consistent). Held in memory by PGlite; an embedded database is small.
	 */
	dumpDataDir(): Promise<Blob>;
	close(): Promise<void>;
}

/**
 * Every connection shares PGlite's single session, so Sequelize keeps one connection; a few spare slots
 * let a stray client (psql for debugging, a health probe) connect without being refused.
 */
const MAX_CONNECTIONS = 4;

export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedPostgres> {
	const pgDir = path.join(dataDir, "pg");
	const fresh = !fs.existsSync(path.join(pgDir, "PG_VERSION"));
	fs.mkdirSync(pgDir, { recursive: true, mode: PRIVATE_DIR_MODE });
	const started = Date.now();
	const db = await openPglite(pgDir);
	// PGlite unpacks a new database as world-readable files; Postgres makes its later ones 0600 in these 0700 folders.
	makeTreePrivate(pgDir);
	logger.info({ dataDir: pgDir, fresh, ms: Date.now() - started }, "embedded Postgres (PGlite) opened");
	const server = await listen(db);
	const url = `postgres://postgres@${server.getServerConn()}/postgres`;
	const dumpDataDir = async (): Promise<Blob> => {
		await db.exec("CHECKPOINT");
		return db.dumpDataDir("gzip");
	};
	return { url, dumpDataDir, close: onceAsync(() => stop(server, db, pgDir)) };
}

async function openPglite(pgDir: string): Promise<PGlite> {
	// Loaded lazily: PGlite costs ~100 MB of WASM, which production (DATABASE_URL set) never needs.
	const { PGlite } = await import("@electric-sql/pglite");
	const { pgcrypto } = await import("@electric-sql/pglite/contrib/pgcrypto");
	const db = await PGlite.create({ dataDir: pgDir, extensions: { pgcrypto } });
	await db.waitReady;
	return db;
}

async function listen(db: PGlite): Promise<PGLiteSocketServer> {
	const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
	const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: MAX_CONNECTIONS });
	await server.start();
	return server;
}

async function stop(server: PGLiteSocketServer, db: PGlite, pgDir: string): Promise<void> {
	try {
		await server.stop();
	} finally {
		// Closing PGlite flushes its files; skipping it after a socket error would lose the last writes.
		if (!db.closed) await db.close();
		// Whatever was written while running is private at rest too.
		makeTreePrivate(pgDir);
	}
}
