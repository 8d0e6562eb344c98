import { Writable } from "node:stream";
import pino from "pino";
import { humanLogStream, humanMessage, wantsHumanLogs } from "./human-output";
import { createLogger } from "./logger";

describe("human logs", () => {
	it("are for development on a terminal only", () => {
		expect(wantsHumanLogs({ nodeEnv: "development" }, { isTTY: true })).toBe(true);
		expect(wantsHumanLogs({ nodeEnv: "development" }, { isTTY: false })).toBe(false);
		expect(wantsHumanLogs({ nodeEnv: "development" }, {})).toBe(false);
		expect(wantsHumanLogs({ nodeEnv: "test" }, { isTTY: true })).toBe(false);
		expect(wantsHumanLogs({ nodeEnv: "production" }, { isTTY: true })).toBe(false);
	});

	it("say a request in a few words: method, path, status and duration", () => {
		const line = humanMessage({
			msg: "GET /v1/meta 200",
			durationMs: 3,
			requestId: "3f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b",
			req: { method: "GET", url: "/v1/meta", userAgent: "curl/8.5.0", remoteAddress: "127.0.0.1" },
			res: { statusCode: 200 },
			service: "toolboxai-server",
			pid: 42,
		});
		expect(line).toBe("GET /v1/meta 200 3 ms");
	});

	it("keep an error's cause and the plain fields the message does not already say", () => {
		expect(humanMessage({ msg: "dashboard build failed", err: { type: "Error", message: "vite exited 1" } })).toBe("dashboard build failed (vite exited 1)");
		expect(humanMessage({ msg: "listening on http://localhost:8080", url: "http://localhost:8080", host: "0.0.0.0", port: 8080, nested: { a: 1 } })).toBe(
			"listening on http://localhost:8080 host=0.0.0.0",
		);
	});

	it("print one line per entry through the logger's options (level names as strings, ISO times)", async () => {
		const chunks: string[] = [];
		const sink = new Writable({
			write(chunk: Buffer, _encoding, done) {
				chunks.push(chunk.toString("utf8"));
				done();
			},
		});
		// The production stream writes to stdout; here the same formatting goes through a JSON logger into the pretty stream.
		const json: string[] = [];
		const logger = createLogger({ logLevel: "info" }, { write: (line: string) => void json.push(line) });
		logger.warn({ durationMs: 7, requestId: "x" }, "GET /v1/nope 404");
		const stream = humanLogStream({ destination: sink, colorize: false });
		for (const line of json) stream.write(line);
		await new Promise((resolve) => setImmediate(resolve));
		expect(chunks.join("")).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: GET \/v1\/nope 404 7 ms\n$/);
		expect(pino.levels.values.warn).toBe(40);
	});
});
