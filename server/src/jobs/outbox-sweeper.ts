import type { Logger } from "pino";
import { errorMessage } from "./registry";
import { type OutboxDeps, relayOutbox } from "./outbox";

/** How old a row must be before the sweeper takes it: the after-commit relay normally handles it within milliseconds. */
export const OUTBOX_SWEEP_AGE_MS = 30_000;
export const OUTBOX_SWEEP_INTERVAL_MS = 15_000;

/**
 * Relays outbox rows a crash left behind (written, committed, never handed to the queue), every `intervalMs`.
 * Returns the function that stops it. main.ts runs it beside the job workers.
 */
export function startOutboxSweeper(deps: OutboxDeps & { readonly logger: Logger }, options: { readonly intervalMs?: number; readonly olderThanMs?: number } = {}): () => void {
	let running = false;
	const timer = setInterval(() => {
		if (running) return;
		running = true;
		relayOutbox(deps, { olderThanMs: options.olderThanMs ?? OUTBOX_SWEEP_AGE_MS })
			.then((relayed) => {
				if (relayed > 0) deps.logger.info({ relayed }, "outbox sweeper relayed jobs left behind");
			})
			.catch((error: unknown) => deps.logger.warn({ err: errorMessage(error) }, "outbox sweep failed"))
			.finally(() => {
				running = false;
			});
	}, options.intervalMs ?? OUTBOX_SWEEP_INTERVAL_MS);
	timer.unref();
	return () => clearInterval(timer);
}
