/**
 * A local stand-in for Pusher Channels' HTTP API (POST /apps/{appId}/events): it checks each request's signature the
 * way Pusher does (auth_key, auth_timestamp, auth_version, body_md5, auth_signature = HMAC-SHA256 of
 * "POST\n<path>\n<sorted query without auth_signature>") and records the events it accepts.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedPusherEvent {
	readonly name: string;
	readonly channels: string[];
	/** Pusher carries data as a JSON string; parsed here. */
	readonly data: unknown;
}

export interface FakePusherApi {
	readonly host: string;
	readonly port: number;
	readonly events: RecordedPusherEvent[];
	/** Requests refused, with why (bad signature, bad md5...). */
	readonly refused: string[];
	/** The next n requests answer this status (e.g. 503) without recording. */
	failNext(status: number, times?: number): void;
	close(): Promise<void>;
}

export async function startFakePusherApi(app: { appId: string; key: string; secret: string }): Promise<FakePusherApi> {
	const events: RecordedPusherEvent[] = [];
	const refused: string[] = [];
	let failing: { status: number; times: number } | undefined;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (chunk: Buffer) => chunks.push(chunk));
		req.on("end", () => {
			const body = Buffer.concat(chunks).toString("utf8");
			const url = new URL(req.url ?? "/", "http://fake");
			const refuse = (status: number, why: string) => {
				refused.push(why);
				res.writeHead(status, { "Content-Type": "text/plain" }).end(why);
			};
			if (req.method !== "POST" || url.pathname !== `/apps/${app.appId}/events`) return refuse(404, `unknown ${req.method} ${url.pathname}`);
			const query = Object.fromEntries(url.searchParams);
			if (query.auth_key !== app.key) return refuse(401, "unknown auth_key");
			if (query.auth_version !== "1.0") return refuse(401, "auth_version must be 1.0");
			if (Math.abs(Date.now() / 1000 - Number(query.auth_timestamp)) > 600) return refuse(401, "stale auth_timestamp");
			if (query.body_md5 !== createHash("md5").update(body).digest("hex")) return refuse(401, "body_md5 does not match the body");
			const signed = Object.keys(query)
				.filter((name) => name !== "auth_signature")
				.sort()
				.map((name) => `${name}=${query[name]}`)
				.join("&");
			const expected = createHmac("sha256", app.secret).update(`POST\n${url.pathname}\n${signed}`).digest("hex");
			if (query.auth_signature !== expected) return refuse(401, "auth_signature does not match");
			if (failing !== undefined && failing.times > 0) {
				failing.times -= 1;
				return void res.writeHead(failing.status, { "Content-Type": "text/plain" }).end("injected failure");
			}
			const parsed = JSON.parse(body) as { name: string; channels: string[]; data: string };
			events.push({ name: parsed.name, channels: parsed.channels, data: JSON.parse(parsed.data) });
			res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		host: "127.0.0.1",
		port,
		events,
		refused,
		failNext(status, times = 1) {
			failing = { status, times };
		},
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
