import type { Logger } from "pino";
import { exitAfterFlush } from "./logging/logger";
import { flushTracing } from "./tracing-setup";

/** Time for closing the infrastructure after the drain, before a stuck shutdown is cut short. */
const HARD_EXIT_GRACE_MS = 15_000;

/**
 * Runs `shutdown` once on SIGTERM/SIGINT, then exits 0 (1 when it throws). A repeat of the signal is ignored once,
 * a third one exits at once, and a shutdown that hangs past `timeoutMs` plus a grace period exits 1.
 */
export function onShutdownSignals(logger: Logger, timeoutMs: number, shutdown: (signal: NodeJS.Signals) => Promise<void>): void {
	let signals = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		signals++;
		// Ctrl+C reaches npm, tsx and us as one process group, and tsx relays it too: a repeat is not an order to hurry.
		if (signals === 2) return logger.info({ signal }, "shutdown: already shutting down");
		if (signals > 2) {
			logger.warn({ signal }, "shutdown: signalled again while shutting down; exiting now");
			return exitAfterFlush(logger, 1);
		}
		// Should the drain or closing the infrastructure hang past its own bounds, the process still ends.
		setTimeout(() => {
			logger.error("shutdown: did not finish in time; exiting");
			exitAfterFlush(logger, 1);
		}, timeoutMs + HARD_EXIT_GRACE_MS).unref();
		shutdown(signal)
			.then(() => flushTracing())
			.then(() => {
				logger.info("shutdown: complete; exiting");
				exitAfterFlush(logger, 0);
			})
			.catch((error: unknown) => {
				logger.error({ err: error }, "shutdown: closing the infrastructure failed");
				exitAfterFlush(logger, 1);
			});
	};
	process.on("SIGTERM", onSignal);
	process.on("SIGINT", onSignal);
}
