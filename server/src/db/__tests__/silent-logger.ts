import pino from "pino";
import { Writable } from "node:stream";

export interface CapturedLogger {
	readonly logger: pino.Logger;
	/** Every log line written so far, parsed. */
	readonly lines: Array<Record<string, unknown> & { level: number; msg?: string }>;
}

/** A real pino logger writing into memory, so tests can assert on what was logged. */
export function captureLogger(): CapturedLogger {
	const lines: CapturedLogger["lines"] = [];
	const stream = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line));
			callback();
		},
	});
	return { logger: pino({ level: "debug" }, stream), lines };
}
