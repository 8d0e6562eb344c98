import type { Logger } from "pino";
import { Sequelize } from "sequelize";
import "./cls";

export interface SequelizeOptions {
	readonly url: string;
	/** Embedded Postgres shares one session between connections: more than one gains nothing and breaks transactions. */
	readonly poolMax: number;
	readonly logger: Logger;
}

export function createSequelize(options: SequelizeOptions): Sequelize {
	const db = new Sequelize(options.url, {
		dialect: "postgres",
		logging: (sql) => options.logger.trace({ sql }, "sql"),
		pool: { max: options.poolMax, min: 0, acquire: 30_000, idle: 10_000 },
		define: { underscored: true, timestamps: false },
		// Notices reach the client (Sequelize would set WARNING): triggers tell this instance of its own writes by one.
		dialectOptions: { clientMinMessages: "notice" },
	});
	db.addHook("afterConnect", (connection) => {
		(connection as { on(event: "notice", listener: (notice: { message?: string }) => void): void }).on("notice", (notice) => {
			for (const listener of noticeListeners.get(db) ?? []) listener(notice.message ?? "");
		});
	});
	return db;
}

type NoticeListener = (message: string) => void;
const noticeListeners = new WeakMap<Sequelize, Set<NoticeListener>>();

/**
 * Hears every notice (RAISE NOTICE) the database sends on any of the pool's connections, as the statement that
 * raised it runs: before its transaction commits, unlike LISTEN/NOTIFY.
 */
export function onDatabaseNotice(db: Sequelize, listener: NoticeListener): () => void {
	let listeners = noticeListeners.get(db);
	if (listeners === undefined) {
		listeners = new Set();
		noticeListeners.set(db, listeners);
	}
	listeners.add(listener);
	return () => listeners.delete(listener);
}

const PING_TIMEOUT_MS = 2_000;

/** `SELECT 1` that gives up after a short time, so health checks answer even when the pool is stuck. */
export async function pingSequelize(db: Sequelize, timeoutMs = PING_TIMEOUT_MS): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
	});
	try {
		// A ping never joins a caller's transaction: it must probe the pool, not a session.
		await Promise.race([db.query("SELECT 1", { transaction: null }), timeout]);
	} finally {
		clearTimeout(timer);
	}
}
