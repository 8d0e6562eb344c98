import pino, { type DestinationStream, type Logger } from "pino";
import type { Config } from "../config/config";
import { traceLogFields, tracingEnabled } from "../observability/tracing";
import { humanLogStream, wantsHumanLogs } from "./human-output";

/** Header and field values that must never reach a log line. */
const REDACTED_PATHS = [
	"req.headers.authorization",
	"req.headers.cookie",
	'req.headers["x-api-key"]',
	'res.headers["set-cookie"]',
	"*.password",
	"*.token",
	// Open Cloud API keys (environments): a body logged whole, or any object carrying one.
	"req.body.openCloudApiKey",
	"*.openCloudApiKey",
	"*.apiKey",
];

/**
 * One logger per process; request loggers are children of it carrying `requestId`. JSON lines, except in
 * development on a terminal (readable lines, see human-output.ts) when no destination is given.
 */
export function createLogger(config: Pick<Config, "logLevel"> & Partial<Pick<Config, "nodeEnv" | "role">>, destination?: DestinationStream): Logger {
	// A split process says which it is on every line; the all-in-one default needs no tag.
	const role = config.role === undefined || config.role === "all" ? {} : { role: config.role };
	const options = {
		level: config.logLevel,
		base: { service: "toolboxai-server", pid: process.pid, ...role },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
		// The trace beside the request id on every line, when tracing (nothing is added, or computed, otherwise).
		...(tracingEnabled() ? { mixin: traceLogFields } : {}),
		formatters: {
			// "level":"warn" reads better in log search than "level":40.
			level: (label: string) => ({ level: label }),
		},
	};
	if (destination !== undefined) return pino(options, destination);
	return wantsHumanLogs({ nodeEnv: config.nodeEnv ?? "production" }) ? pino(options, humanLogStream()) : pino(options);
}

/**
 * process.exit after the logger has written everything: pino writes asynchronously, and exiting with a
 * write in progress loses or reorders the last lines (exactly the shutdown lines an operator looks for).
 */
export function exitAfterFlush(logger: Logger, code: number): void {
	// Should the flush itself stall (a stuck stdout), exit anyway.
	setTimeout(() => process.exit(code), 2000).unref();
	logger.flush(() => process.exit(code));
}
