import type { Sequelize } from "sequelize";

/** What sequelize-pool exposes (Sequelize does not type its connection manager's pool). */
export interface PoolStats {
	readonly size: number;
	readonly available: number;
	readonly using: number;
	readonly waiting: number;
	readonly maxSize: number;
}

/** The pool's figures now, or undefined before it exists. */
export function poolStats(db: Sequelize | undefined): PoolStats | undefined {
	const pool = (db?.connectionManager as unknown as { pool?: Partial<PoolStats> & { write?: Partial<PoolStats> } } | undefined)?.pool;
	// With read replicas Sequelize keeps a read and a write pool; the service uses one: the write pool is the pool.
	const stats = pool?.write ?? pool;
	return typeof stats?.using === "number" ? (stats as PoolStats) : undefined;
}
