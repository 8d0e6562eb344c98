/**
 * Bytes on the wire, measured through the real app over HTTP: the dashboard's first load (the scripts index.html
 * loads before a page shows), every built script and style, and a large JSON reply (the OpenAPI document), each as
 * sent to a client that accepts no encoding, gzip, and brotli.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pino from "pino";
import { createApp } from "../src/app";
import { loadConfig } from "../src/config/load-config";
import { startInfrastructure } from "../src/infrastructure";
import { createLogger } from "../src/logging/logger";
import { buildDashboardIfStale } from "../src/platform/dashboard/build-dashboard";
import { DASHBOARD_DIST } from "../src/platform/dashboard/dashboard-paths";
import { initialScripts } from "../src/platform/dashboard/initial-scripts";

export interface WireBytes {
	/** Bytes of the bodies as sent, summed over the files. */
	readonly identity: number;
	readonly gzip: number;
	readonly br: number;
}

export interface WireBytesResult {
	readonly name: "wire-bytes";
	readonly at: string;
	readonly dashboardFirstLoad: WireBytes & { readonly files: number };
	readonly dashboardAllAssets: WireBytes & { readonly files: number };
	readonly openApiJson: WireBytes;
}

function listen(server: Server): Promise<number> {
	return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** The body's length as it crossed the wire (not decoded), and the encoding the service chose. */
function sentBytes(port: number, urlPath: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
	return new Promise((resolve, reject) => {
		const req = request({ host: "127.0.0.1", port, path: urlPath, headers: { "Accept-Encoding": acceptEncoding } }, (res) => {
			let bytes = 0;
			res.on("data", (chunk: Buffer) => (bytes += chunk.length));
			res.on("end", () => {
				if (res.statusCode !== 200) reject(new Error(`GET ${urlPath} answered ${res.statusCode}`));
				else resolve({ bytes, encoding: String(res.headers["content-encoding"] ?? "identity") });
			});
		});
		req.on("error", reject);
		req.end();
	});
}

async function measure(port: number, paths: ReadonlyArray<string>): Promise<WireBytes> {
	const total = { identity: 0, gzip: 0, br: 0 };
	for (const urlPath of paths) {
		total.identity += (await sentBytes(port, urlPath, "identity")).bytes;
		total.gzip += (await sentBytes(port, urlPath, "gzip")).bytes;
		total.br += (await sentBytes(port, urlPath, "br")).bytes;
	}
	return total;
}

export async function runWireBytes(options: { env: NodeJS.ProcessEnv }): Promise<WireBytesResult> {
	const config = loadConfig({ LOG_LEVEL: "info", NODE_ENV: "production", PUBLIC_URL: "http://localhost", ALLOW_EMBEDDED: "true", ...options.env, PORT: "0" });
	const logger = createLogger(config, pino.destination({ dest: "/dev/null", sync: false }));
	// Production serves what a build made: make it (or find it fresh) first.
	if (!(await buildDashboardIfStale(logger))) throw new Error("Vite is not installed: the dashboard cannot be built for the bench");
	mkdirSync(config.dataDir, { recursive: true });
	const infra = await startInfrastructure(config, logger);
	const server = createServer(createApp({ config, logger, infra }));
	try {
		const port = await listen(server);
		const first = initialScripts(DASHBOARD_DIST).files.map((file) => `/${file}`);
		const assets = readdirSync(path.join(DASHBOARD_DIST, "assets"))
			.filter((file) => /\.(js|css)$/.test(file))
			.map((file) => `/assets/${file}`);
		return {
			name: "wire-bytes",
			at: new Date().toISOString(),
			dashboardFirstLoad: { files: first.length, ...(await measure(port, first)) },
			dashboardAllAssets: { files: assets.length, ...(await measure(port, assets)) },
			openApiJson: await measure(port, ["/openapi.json"]),
		};
	} finally {
		await new Promise((resolve) => server.close(resolve));
		await infra.close();
	}
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** "dashboard first load (4 files)   113.7 KB gzip, 98.2 KB br, 341.0 KB uncompressed (-67% / -71%)" */
export function wireBytesLine(label: string, bytes: WireBytes): string {
	const saved = (encoded: number) => `-${Math.round((1 - encoded / bytes.identity) * 100)}%`;
	return `${label.padEnd(34)} ${kb(bytes.identity).padStart(9)} uncompressed -> ${kb(bytes.gzip)} gzip (${saved(bytes.gzip)}), ${kb(bytes.br)} br (${saved(bytes.br)})`;
}
