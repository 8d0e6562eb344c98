/**
 * The transactional outbox: how a change and the job it causes commit or fail together. `enqueueWithOutbox` writes
 * the job as a `job_outbox` row inside the caller's transaction; after that transaction commits the row is handed
 * to the queue and deleted. Should the process die in between, `relayOutbox` (run by the sweeper, outbox-sweeper.ts)
 * hands over whatever is left. A job is keyed by its idempotency key end to end (the row's unique key, then the
 * queue's job id), so a relay that runs twice still runs the job once. A rolled-back transaction leaves no row.
 */
import type { Logger } from "pino";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { runOutsideTransaction } from "../db/cls";
import type { JobQueue } from "../infrastructure.types";
import { errorMessage } from "./registry";

export interface OutboxJob<P> {
	readonly name: string;
	readonly payload: P;
	/** Required: the job's identity in the outbox and on the queue (e.g. `invitation:<id>:1`). */
	readonly idempotencyKey: string;
	readonly delayMs?: number;
}

export interface OutboxDeps {
	readonly db: Sequelize;
	readonly queue: JobQueue;
	/** Where a failed after-commit relay is reported (the sweeper retries it). */
	readonly logger?: Logger;
}

interface OutboxRow {
	readonly id: string;
	readonly job_name: string;
	readonly idempotency_key: string;
	readonly payload: unknown;
	readonly delay_ms: number;
}

/** Writes the job in `transaction` and relays it once that transaction commits (nothing when it rolls back). */
export async function enqueueWithOutbox<P>(deps: OutboxDeps, job: OutboxJob<P>, options: { readonly transaction: Transaction }): Promise<void> {
	const { db } = deps;
	const rows = await db.query<OutboxRow>(
		`INSERT INTO job_outbox (job_name, idempotency_key, payload, delay_ms) VALUES ($1, $2, $3::jsonb, $4)
		 ON CONFLICT (job_name, idempotency_key) DO NOTHING
		 RETURNING id, job_name, idempotency_key, payload, delay_ms`,
		{ bind: [job.name, job.idempotencyKey, JSON.stringify(job.payload), job.delayMs ?? 0], type: QueryTypes.SELECT, transaction: options.transaction },
	);
	const row = rows[0];
	// Already in the outbox (the same key written before): its own relay or the sweeper hands it over.
	if (row === undefined) return;
	options.transaction.afterCommit(() => {
		relayRow(deps, row).catch((error: unknown) => deps.logger?.warn({ job: row.job_name, err: errorMessage(error) }, "outbox relay after commit failed; the sweeper will retry"));
	});
}

/**
 * Hands every outbox row older than `olderThanMs` to the queue (the after-commit relay normally got there first).
 * Returns how many rows it relayed. Safe to run on several instances at once: the queue dedupes by key.
 */
export async function relayOutbox(deps: OutboxDeps, options: { readonly olderThanMs?: number; readonly limit?: number } = {}): Promise<number> {
	const rows = await deps.db.query<OutboxRow>(
		`SELECT id, job_name, idempotency_key, payload, delay_ms FROM job_outbox
		 WHERE created_at <= now() - make_interval(secs => $1::double precision / 1000)
		 ORDER BY created_at LIMIT $2`,
		{ bind: [options.olderThanMs ?? 0, options.limit ?? 500], type: QueryTypes.SELECT },
	);
	let relayed = 0;
	for (const row of rows) {
		try {
			await relayRow(deps, row);
			relayed++;
		} catch (error) {
			deps.logger?.warn({ job: row.job_name, err: errorMessage(error) }, "outbox relay failed; will retry");
		}
	}
	return relayed;
}

/** Detached from any ambient transaction: after commit, the committed one must not be joined. */
function relayRow(deps: OutboxDeps, row: OutboxRow): Promise<void> {
	return runOutsideTransaction(async () => {
		await deps.queue.enqueue(row.job_name, row.payload, { idempotencyKey: row.idempotency_key, ...(row.delay_ms > 0 ? { delayMs: row.delay_ms } : {}) });
		await deps.db.query("DELETE FROM job_outbox WHERE id = $1", { bind: [row.id] });
	});
}
