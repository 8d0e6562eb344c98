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
	return new Sequelize(options.url, {
		dialect: "postgres",
		logging: (sql) => options.logger.trace({ sql }, "sql"),
		pool: { max: options.poolMax, min: 0, acquire: 30_000, idle: 10_000 },
		define: { underscored: true, timestamps: false },
	});
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
