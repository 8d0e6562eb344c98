import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "pino";
import type { Infrastructure } from "../infrastructure.types";
import type { Lifecycle } from "./lifecycle";

export interface ConnectionTracker {
	/** Requests received whose response has not finished. */
	inFlight(): number;
	/** From now on, end each connection as soon as its last response has finished. */
	drain(): void;
}

/**
 * Node's server.close() stops listening and closes idle keep-alive connections once, but a connection that
 * was busy at that moment stays open after its response (keep-alive) until keepAliveTimeout. This tracker
 * ends such connections right after their response, so a drain takes as long as the slowest request.
 */
export function trackConnections(server: Server): ConnectionTracker {
	const busy = new Map<Socket, number>();
	let draining = false;
	server.on("request", (req, res) => {
		const socket = req.socket;
		busy.set(socket, (busy.get(socket) ?? 0) + 1);
		res.once("close", () => {
			const left = (busy.get(socket) ?? 1) - 1;
			if (left > 0) return void busy.set(socket, left);
			busy.delete(socket);
			// end() sends FIN after the response bytes already queued, so nothing written is lost.
			if (draining) socket.end();
		});
	});
	return {
		inFlight: () => [...busy.values()].reduce((sum, n) => sum + n, 0),
		drain() {
			draining = true;
		},
	};
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
	readonly connections: ConnectionTracker;
}

/**
 * Stop accepting, fail readiness, let in-flight requests finish (bounded by timeoutMs), then close the
 * infrastructure. Throws only when closing the infrastructure fails.
 */
export async function gracefulShutdown(reason: string, options: ShutdownOptions): Promise<void> {
	const { server, lifecycle, infra, logger, timeoutMs } = options;
	lifecycle.beginDrain();
	options.connections.drain();
	logger.info({ reason, inFlight: options.connections.inFlight(), timeoutMs }, `shutdown: ${reason}; no new connections, readiness fails, draining in-flight requests`);
	const drained = await closeServer(server, timeoutMs);
	if (drained) {
		logger.info("shutdown: drained in-flight requests");
	} else {
		logger.warn({ inFlight: options.connections.inFlight() }, `shutdown: drain timed out after ${timeoutMs} ms; closing the remaining connections`);
		server.closeAllConnections();
	}
	await infra.close();
	logger.info("shutdown: infrastructure closed");
}
