/** A test's view of GET /v1/events over a real socket: the status, the parsed events as they arrive, and close(). */
import { request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Express } from "express";

export interface StreamEvent {
	readonly id?: string;
	readonly event: string;
	readonly data: { id?: string; event?: string; channel?: string; data?: unknown; at?: string };
}

export interface OpenedStream {
	readonly status: number;
	readonly headers: IncomingMessage["headers"];
	/** Every event so far (heartbeats included). */
	readonly events: StreamEvent[];
	/** For a refusal: the JSON error body. */
	readonly body?: unknown;
	readonly ended: () => boolean;
	/** Waits (bounded) until an event matches; answers it. */
	waitFor(match: (event: StreamEvent) => boolean): Promise<StreamEvent>;
	close(): void;
}

export interface Listening {
	readonly url: string;
	close(): Promise<void>;
}

export async function listen(app: Express): Promise<Listening> {
	const server: Server = await new Promise((resolve) => {
		const s = app.listen(0, "127.0.0.1", () => resolve(s));
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function parseFrame(frame: string): StreamEvent | undefined {
	const fields: Record<string, string> = {};
	for (const line of frame.split("\n")) {
		const colon = line.indexOf(": ");
		if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 2);
	}
	if (fields.event === undefined || fields.data === undefined) return undefined;
	return { ...(fields.id === undefined ? {} : { id: fields.id }), event: fields.event, data: JSON.parse(fields.data) };
}

export function openStream(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${baseUrl}${path}`, { headers: { Accept: "text/event-stream", ...headers } }, (res) => {
			const events: StreamEvent[] = [];
			let ended = false;
			let pending = "";
			res.setEncoding("utf8");
			const waiters: Array<() => void> = [];
			res.on("end", () => {
				ended = true;
				for (const wake of waiters.splice(0)) wake();
			});
			res.on("error", () => undefined);
			const stream: OpenedStream = {
				status: res.statusCode ?? 0,
				headers: res.headers,
				events,
				ended: () => ended,
				async waitFor(match) {
					const deadline = Date.now() + 15_000;
					for (;;) {
						const found = events.find(match);
						if (found !== undefined) return found;
						if (ended || Date.now() > deadline) throw new Error(`no matching event (ended: ${ended}); got ${JSON.stringify(events)}`);
						await new Promise<void>((wake) => {
							waiters.push(wake);
							setTimeout(wake, 50);
						});
					}
				},
				close: () => req.destroy(),
			};
			if (res.statusCode !== 200) {
				let text = "";
				res.on("data", (chunk: string) => {
					text += chunk;
				});
				res.on("end", () => resolve({ ...stream, body: text === "" ? undefined : JSON.parse(text) }));
				return;
			}
			res.on("data", (chunk: string) => {
				pending += chunk;
				const frames = pending.split("\n\n");
				pending = frames.pop() ?? "";
				for (const frame of frames) {
					const event = parseFrame(frame);
					if (event !== undefined) events.push(event);
				}
				for (const wake of waiters.splice(0)) wake();
			});
			resolve(stream);
		});
		req.on("error", reject);
		req.end();
	});
}
