import type { Server } from "node:http";
import type { Logger } from "pino";
import type { Infrastructure } from "../infrastructure.types";
import type { Lifecycle } from "./lifecycle";

/** Counts requests that have not finished, so the drain log says what it waits for. */
export function trackInFlight(server: Server): () => number {
	let inFlight = 0;
	server.on("request", (_req, res) => {
		inFlight++;
		res.once("close", () => inFlight--);
	});
	return () => inFlight;
}

/** Resolves true when every connection has closed, false when the timeout came first. */
function closeServer(server: Server, timeoutMs: number): Promise<boolean> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		// Node >= 19 closes idle keep-alive connections here; busy ones close after their response (Connection: close).
		server.close(() => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

export interface ShutdownOptions {
	readonly server: Server;
	readonly lifecycle: Lifecycle;
	readonly infra: Infrastructure;
	readonly logger: Logger;
	readonly timeoutMs: number;
	readonly inFlight: () => number;
}

/**
 * Stop accepting, fail readiness, let in-flight requests finish (bounded by timeoutMs), then close the
 * infrastructure. Throws only when closing the infrastructure fails.
 */
export async function gracefulShutdown(reason: string, options: ShutdownOptions): Promise<void> {
	const { server, lifecycle, infra, logger, timeoutMs } = options;
	lifecycle.beginDrain();
	logger.info({ reason, inFlight: options.inFlight(), timeoutMs }, `shutdown: ${reason}; no new connections, readiness fails, draining in-flight requests`);
	const drained = await closeServer(server, timeoutMs);
	if (drained) {
		logger.info("shutdown: drained in-flight requests");
	} else {
		logger.warn({ inFlight: options.inFlight() }, `shutdown: drain timed out after ${timeoutMs} ms; closing the remaining connections`);
		server.closeAllConnections();
	}
	await infra.close();
	logger.info("shutdown: infrastructure closed");
}
