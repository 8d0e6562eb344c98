import { timingSafeEqual, createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { metricsRegistry } from "./registry";

export const METRICS_PATH = "/metrics";

/** Constant-time: hashing both sides first gives equal lengths, so the comparison leaks neither the token nor its length. */
export function bearerMatches(header: string | undefined, token: string): boolean {
	const match = /^Bearer (.+)$/.exec(header ?? "");
	if (match === null) return false;
	const digest = (text: string) => createHash("sha256").update(text).digest();
	return timingSafeEqual(digest(match[1] as string), digest(token));
}

export type MetricsAnswer = { readonly status: 200; readonly contentType: string; readonly body: string } | { readonly status: 401 };

/** The scrape: refused unless the bearer token matches, when one is configured. */
export async function scrape(authorization: string | undefined, token: string | undefined): Promise<MetricsAnswer> {
	if (token !== undefined && !bearerMatches(authorization, token)) return { status: 401 };
	return { status: 200, contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/** Liveness and readiness on the separate listener, for a process without the HTTP API (the worker role). */
export interface HealthProbes {
	/** Ready answers 200 with `body`, not ready 503 with it. */
	readonly ready: () => Promise<{ readonly ok: boolean; readonly body: unknown }>;
}

function answerHealth(path: string | undefined, res: ServerResponse, health: HealthProbes): boolean {
	if (path === "/healthz") {
		res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify({ status: "ok" }));
		return true;
	}
	if (path !== "/readyz") return false;
	health.ready().then(
		(readiness) => res.writeHead(readiness.ok ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify(readiness.body)),
		() => res.writeHead(503, { "Content-Type": "application/json" }).end(JSON.stringify({ status: "failed" })),
	);
	return true;
}

function answer(req: IncomingMessage, res: ServerResponse, options: MetricsListenerOptions): void {
	const { token, health } = options;
	const path = (req.url ?? "").split("?")[0];
	// Probes carry no data worth a token: an orchestrator's liveness check has none to send.
	if (health !== undefined && req.method === "GET" && answerHealth(path, res, health)) return;
	if (path !== METRICS_PATH || (req.method !== "GET" && req.method !== "HEAD")) {
		res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
		return;
	}
	scrape(req.headers.authorization, token).then(
		(result) => {
			if (result.status === 401) res.writeHead(401, { "WWW-Authenticate": "Bearer", "Content-Type": "text/plain" }).end("Unauthorized\n");
			else res.writeHead(200, { "Content-Type": result.contentType, "Cache-Control": "no-store" }).end(req.method === "HEAD" ? undefined : result.body);
		},
		() => res.writeHead(500, { "Content-Type": "text/plain" }).end("Could not collect the metrics\n"),
	);
}

export interface MetricsListenerOptions {
	readonly port: number;
	readonly host: string;
	/** When set, the separate listener asks for it too. */
	readonly token?: string;
	/** When set, the listener also answers GET /healthz and GET /readyz. */
	readonly health?: HealthProbes;
}

/** A listener of its own that serves GET /metrics (and the probes when given): a port operators keep off the public load balancer. */
export function startMetricsListener(options: MetricsListenerOptions): Promise<{ server: Server; address: AddressInfo }> {
	const server = createServer((req, res) => answer(req, res, options));
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(options.port, options.host, () => {
			server.off("error", reject);
			resolve({ server, address: server.address() as AddressInfo });
		});
	});
}
