/**
 * GET /v1/meta through the whole app (logging, request id, security headers, registry, reply validation)
 * against a bare Express JSON handler, both in this process, measured one after the other with the same
 * load. The ratio is what matters: absolute numbers depend on the machine.
 */
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import express from "express";
import pino from "pino";
import { createApp } from "../src/app";
import { loadConfig } from "../src/config/load-config";
import { startInfrastructure } from "../src/infrastructure";
import { createLogger } from "../src/logging/logger";

export interface BenchOptions {
	/** Per measured round and side. */
	readonly durationSeconds: number;
	/** Rounds alternate bare and full so JIT warm-up and machine noise hit both alike; the median round counts. */
	readonly rounds: number;
	readonly connections: number;
	/** Settings for the full app (DATABASE_URL, REDIS_URL, DATA_DIR...); unset parts run embedded. */
	readonly env: NodeJS.ProcessEnv;
}

export interface Measurement {
	readonly requestsPerSecond: number;
	readonly p99LatencyMs: number;
	readonly p50LatencyMs: number;
	readonly requests: number;
	/** Non-2xx answers, errors and timeouts: a bench that measured failures measured nothing. */
	readonly failures: number;
}

export interface BenchResult {
	readonly name: "meta-vs-bare";
	readonly at: string;
	readonly durationSeconds: number;
	readonly rounds: number;
	readonly connections: number;
	readonly nodeEnv: string;
	readonly meta: Measurement;
	readonly bare: Measurement;
	/** meta requests/s divided by bare requests/s: 1 means the app adds nothing. */
	readonly ratio: number;
}

function listen(server: Server): Promise<string> {
	return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function measure(url: string, options: BenchOptions, durationSeconds: number): Promise<Measurement> {
	const result = await autocannon({ url, connections: options.connections, duration: durationSeconds, pipelining: 1 });
	return {
		requestsPerSecond: result.requests.average,
		p99LatencyMs: result.latency.p99,
		p50LatencyMs: result.latency.p50,
		requests: result.requests.total,
		failures: result.non2xx + result.errors + result.timeouts,
	};
}

/** The round with the median throughput (its latency figures come with it, so they stay consistent). */
function median(rounds: Measurement[]): Measurement {
	const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
	return sorted[Math.floor((sorted.length - 1) / 2)] as Measurement;
}

export async function runMetaVsBare(options: BenchOptions): Promise<BenchResult> {
	// Production settings by default: that is the middleware stack that serves traffic (no reply checks).
	const config = loadConfig({ LOG_LEVEL: "info", NODE_ENV: "production", PUBLIC_URL: "http://localhost", ALLOW_EMBEDDED: "true", ...options.env, PORT: "0" });
	// The app logs one line per request as in production, into /dev/null so the terminal does not slow it down.
	const logger = createLogger(config, pino.destination({ dest: "/dev/null", sync: false }));
	mkdirSync(config.dataDir, { recursive: true });
	const infra = await startInfrastructure(config, logger);
	const full = createServer(createApp({ config, logger, infra }));
	const bareApp = express();
	bareApp.get("/v1/meta", (_req, res) => {
		res.json({ protocolVersion: "1.0.0", serverVersion: "0.1.0", serverTime: new Date().toISOString() });
	});
	const bare = createServer(bareApp);
	try {
		const fullUrl = `${await listen(full)}/v1/meta`;
		const bareUrl = `${await listen(bare)}/v1/meta`;
		// Warm both (JIT, connection pools) before anything counts.
		const warmup = Math.max(1, Math.round(options.durationSeconds / 3));
		await measure(bareUrl, options, warmup);
		await measure(fullUrl, options, warmup);
		const bareRounds: Measurement[] = [];
		const metaRounds: Measurement[] = [];
		for (let round = 0; round < options.rounds; round++) {
			bareRounds.push(await measure(bareUrl, options, options.durationSeconds));
			metaRounds.push(await measure(fullUrl, options, options.durationSeconds));
		}
		const bareResult = median(bareRounds);
		const metaResult = median(metaRounds);
		return {
			name: "meta-vs-bare",
			at: new Date().toISOString(),
			durationSeconds: options.durationSeconds,
			rounds: options.rounds,
			connections: options.connections,
			nodeEnv: config.nodeEnv,
			meta: metaResult,
			bare: bareResult,
			ratio: Number((metaResult.requestsPerSecond / bareResult.requestsPerSecond).toFixed(3)),
		};
	} finally {
		await new Promise((resolve) => full.close(resolve));
		await new Promise((resolve) => bare.close(resolve));
		await infra.close();
	}
}

export function resultsDir(repoRoot: string): string {
	return path.join(repoRoot, ".tmp", "bench");
}
