import type { DestinationStream } from "pino";
import pretty from "pino-pretty";
import type { Config } from "../config/config";

/**
 * Readable one-line logs are for a person at a terminal running the service in development; everything else
 * (containers, CI, tests, a pipe into a log shipper) gets JSON lines, which tools read. `npm start | cat` gives JSON.
 */
export function wantsHumanLogs(config: Pick<Config, "nodeEnv">, stdout: { readonly isTTY?: boolean } = process.stdout): boolean {
	return config.nodeEnv === "development" && stdout.isTTY === true;
}

interface LogLine {
	readonly [field: string]: unknown;
	readonly msg?: unknown;
	readonly durationMs?: unknown;
	readonly err?: { readonly type?: unknown; readonly message?: unknown };
}

/** Fields every line has, or that a request line's message already says. */
const UNSHOWN = new Set(["time", "level", "msg", "pid", "hostname", "name", "service", "requestId", "durationMs", "req", "res", "err", "component"]);

/**
 * The message, then the duration of a request, the cause of an error and the line's other plain fields as
 * `name=value` (those the message does not already say): what a person scans for, on one line.
 */
export function humanMessage(log: LogLine): string {
	let text = String(log.msg ?? "");
	if (typeof log.durationMs === "number") text += ` ${log.durationMs} ms`;
	if (log.err !== undefined && typeof log.err.message === "string" && !text.includes(log.err.message)) text += ` (${log.err.message})`;
	for (const [field, value] of Object.entries(log)) {
		if (UNSHOWN.has(field) || !["string", "number", "boolean"].includes(typeof value)) continue;
		if (!text.includes(String(value))) text += ` ${field}=${String(value)}`;
	}
	return text;
}

/**
 * `12:04:05 INFO  GET /v1/meta 200 3 ms`: time, level and message on one line. Synchronous, so a block printed
 * straight to stdout (the demo sign-in) lands after the lines logged before it.
 */
export function humanLogStream(options: { destination?: NodeJS.WritableStream; colorize?: boolean } = {}): DestinationStream {
	return pretty({
		...(options.destination === undefined ? {} : { destination: options.destination }),
		colorize: options.colorize ?? true,
		translateTime: "HH:MM:ss",
		hideObject: true,
		ignore: "pid,hostname,name",
		sync: true,
		messageFormat: (log) => humanMessage(log as LogLine),
	});
}
