/// <reference path="./overload-protection.d.ts" />
import type { RequestHandler } from "express";
import protect from "overload-protection";
import type { Sequelize } from "sequelize";
import { poolStats } from "../db/pool-stats";
import { AppError } from "../errors/app-error";

export interface LoadLimits {
	/** Event-loop delay (ms) past which API requests are refused; 0: no limit. */
	readonly maxEventLoopDelayMs: number;
	/** Requests waiting for a database connection past which API requests are refused; 0: no limit. */
	readonly maxDbWaiting: number;
}

/** Long enough for a burst to drain, short enough that game servers (which keep their events) come back soon. */
const RETRY_AFTER_SECONDS = 2;
/** Only the API sheds: health probes, metrics and the dashboard's files keep answering. */
const SHED_PREFIX = "/v1/";

/**
 * Past capacity an instance refuses some requests at once (503 unavailable, Retry-After) instead of queueing every
 * one until all take seconds: the ones it accepts stay fast. Two signals: event-loop delay, sampled by
 * overload-protection, and requests queued for a database connection. `stop` ends the sampling.
 */
export function shedLoad(limits: LoadLimits, db: Sequelize): { handler: RequestHandler; stop: () => void } {
	const loop = limits.maxEventLoopDelayMs > 0 ? protect("http", { maxEventLoopDelay: limits.maxEventLoopDelayMs, sampleInterval: 10 }) : undefined;
	const handler: RequestHandler = (req, _res, next) => {
		if (!req.path.startsWith(SHED_PREFIX)) return next();
		const waiting = limits.maxDbWaiting > 0 ? (poolStats(db)?.waiting ?? 0) : 0;
		if (loop?.overload !== true && (limits.maxDbWaiting === 0 || waiting <= limits.maxDbWaiting)) return next();
		next(
			new AppError(
				"unavailable",
				`The service is busy right now. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
				{ retryAfterSeconds: RETRY_AFTER_SECONDS },
				{ "Retry-After": String(RETRY_AFTER_SECONDS) },
			),
		);
	};
	return { handler, stop: () => loop?.stop() };
}
