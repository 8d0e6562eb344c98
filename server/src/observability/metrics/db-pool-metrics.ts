import type { Sequelize } from "sequelize";
import { poolStats as poolOf } from "../../db/pool-stats";
import { gauge, METRIC_PREFIX } from "./registry";

let pooled: Sequelize | undefined;

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
