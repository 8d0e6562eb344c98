import type { Sequelize } from "sequelize";
import { gauge, METRIC_PREFIX } from "./registry";

/** What sequelize-pool exposes (Sequelize does not type its connection manager's pool). */
interface PoolStats {
	readonly size: number;
	readonly available: number;
	readonly using: number;
	readonly waiting: number;
	readonly maxSize: number;
}

let pooled: Sequelize | undefined;

function poolOf(db: Sequelize | undefined): PoolStats | undefined {
	const pool = (db?.connectionManager as unknown as { pool?: Partial<PoolStats> & { write?: Partial<PoolStats> } } | undefined)?.pool;
	// With read replicas Sequelize keeps a read and a write pool; the service uses one: the write pool is the pool.
	const stats = pool?.write ?? pool;
	return typeof stats?.using === "number" ? (stats as PoolStats) : undefined;
}

gauge(`${METRIC_PREFIX}db_pool_connections`, "Database pool connections, by state: in_use, idle, max.", ["state"], function () {
	const pool = poolOf(pooled);
	if (pool === undefined) return;
	this.set({ state: "in_use" }, pool.using);
	this.set({ state: "idle" }, pool.available);
	this.set({ state: "max" }, pool.maxSize);
});

gauge(`${METRIC_PREFIX}db_pool_waiting`, "Queries waiting for a free database pool connection.", [], function () {
	const pool = poolOf(pooled);
	if (pool !== undefined) this.set(pool.waiting);
});

/** Reports this database's pool (the latest one given: a process has one). */
export function observeDbPool(db: Sequelize): void {
	pooled = db;
}
