/**
 * GET /v1/runtime/lessons/active, the route every game server polls, through the whole app against a bare Express
 * handler serving the same bytes from memory, both in this process, alternating rounds with the same load: the 200
 * path (no If-None-Match) and the 304 path (the current ETag). Five lessons assigned to a class (the reply of a
 * typical school); requests spread over 100 API keys and 1,000 game server JobIds, so no per-key or per-server
 * limit answers 429. The ratios are what matter: absolute numbers depend on the machine.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import express from "express";
import pino from "pino";
import { createApp } from "../src/app";
import { loadConfig } from "../src/config/load-config";
import { startInfrastructure } from "../src/infrastructure";
import { startMailCourier } from "../src/jobs/__tests__/mail-courier";
import { createLogger } from "../src/logging/logger";
import { signUpBenchSchool } from "./bench-school";

export interface ActiveContentOptions {
	readonly durationSeconds: number;
	readonly rounds: number;
	readonly connections: number;
	/** Keys the requests are spread over (100: no key nears its ceiling). */
	readonly keys: number;
	readonly env: NodeJS.ProcessEnv;
}

export interface PathMeasurement {
	readonly requestsPerSecond: number;
	readonly p50LatencyMs: number;
	readonly p99LatencyMs: number;
	readonly requests: number;
	/** Answers other than the expected status, errors and timeouts. */
	readonly failures: number;
}

export interface PathResult {
	readonly app: PathMeasurement;
	readonly bare: PathMeasurement;
	/** app requests/s over bare requests/s (goal >= 0.6). */
	readonly ratio: number;
	/** app p99 over bare p99. */
	readonly p99Ratio: number;
}

export interface ActiveContentResult {
	readonly name: "active-content";
	readonly at: string;
	readonly driver: "postgres" | "embedded";
	readonly replyBytes: number;
	readonly rounds: number;
	readonly connections: number;
	readonly ok200: PathResult;
	readonly notModified304: PathResult;
}

/** One request as autocannon sends it in turn (its `requests` option). */
interface BenchRequest {
	readonly method: string;
	readonly path: string;
	readonly headers: Record<string, string>;
}

const LESSONS = 5;
const JOBS_PER_KEY = 10;

function listen(server: Server): Promise<string> {
	return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function call(baseUrl: string, method: string, path: string, token: string, body?: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(`${baseUrl}${path}`, {
		method,
		headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	const json = (await res.json()) as Record<string, unknown>;
	if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
	return json;
}

/** A lesson of a few steps of each kind, as teachers write them (a reply of about 2 KB for five). */
function lessonContent(index: number) {
	return {
		schemaVersion: 1,
		title: `Bench lesson ${index}`,
		steps: [
			{ kind: "instruction", id: "intro", text: `Fractions name parts of a whole. Lesson ${index} starts here.` },
			{ kind: "checkpoint", id: "reach-half", target: "HalfMarker" },
			{
				kind: "quiz",
				id: "q1",
				prompt: "Which is larger?",
				question: {
					type: "single_choice",
					choices: [
						{ id: "half", text: "1/2", correct: true },
						{ id: "third", text: "1/3", correct: false },
					],
				},
				points: 10,
			},
		],
	};
}

async function seedSchool(baseUrl: string, token: string, keys: number): Promise<string[]> {
	const klass = await call(baseUrl, "POST", "/v1/classes", token, { name: "Bench class" });
	for (let index = 0; index < LESSONS; index++) {
		const lesson = await call(baseUrl, "POST", "/v1/lessons", token, { title: `Bench lesson ${index}`, subject: "math", gradeBand: "3-5", objectives: [] });
		await call(baseUrl, "POST", `/v1/lessons/${lesson.id}/versions`, token, { version: "1.0.0", content: lessonContent(index) });
		await call(baseUrl, "POST", `/v1/lessons/${lesson.id}/versions/1.0.0/publish`, token, {});
		await call(baseUrl, "POST", `/v1/classes/${klass.id}/assignments`, token, { lessonId: lesson.id, version: "1.0.0" });
	}
	const secrets: string[] = [];
	for (let index = 0; index < keys; index++) {
		const created = await call(baseUrl, "POST", "/v1/api-keys", token, { name: `Bench experience ${index}`, scopes: ["runtime:read"] });
		secrets.push(created.secret as string);
	}
	return secrets;
}

async function measure(url: string, requests: BenchRequest[], options: ActiveContentOptions, durationSeconds: number, expected: "2xx" | "3xx"): Promise<PathMeasurement> {
	const result = await autocannon({ url, connections: options.connections, duration: durationSeconds, pipelining: 1, requests });
	const unexpected = (["2xx", "3xx", "4xx", "5xx"] as const).filter((status) => status !== expected).reduce((sum, status) => sum + (result[status] ?? 0), 0);
	return {
		requestsPerSecond: result.requests.average,
		p50LatencyMs: result.latency.p50,
		p99LatencyMs: result.latency.p99,
		requests: result.requests.total,
		failures: unexpected + result.errors + result.timeouts,
	};
}

function median(rounds: PathMeasurement[]): PathMeasurement {
	const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
	return sorted[Math.floor((sorted.length - 1) / 2)] as PathMeasurement;
}

const ratio = (a: number, b: number) => Number((b === 0 ? 0 : a / b).toFixed(3));

export async function runActiveContent(options: ActiveContentOptions): Promise<ActiveContentResult> {
	const config = loadConfig({ LOG_LEVEL: "info", NODE_ENV: "production", PUBLIC_URL: "http://localhost", ALLOW_EMBEDDED: "true", ...options.env, PORT: "0" });
	const logger = createLogger(config, pino.destination({ dest: "/dev/null", sync: false }));
	mkdirSync(config.dataDir, { recursive: true });
	const infra = await startInfrastructure(config, logger);
	const courier = await startMailCourier(infra, { logger, ...(config.redisUrl === undefined ? {} : { redisUrl: config.redisUrl }) });
	const full = createServer(createApp({ config, logger, infra: courier.infra }));
	let bytes = "";
	let etag = "";
	const bareApp = express();
	// The same bytes and tag from memory, the same conditional answer: what serving this route can cost at best.
	bareApp.get("/v1/runtime/lessons/active", (req, res) => {
		res.setHeader("ETag", etag);
		res.setHeader("Cache-Control", "no-cache");
		if (req.get("If-None-Match") === etag) res.status(304).end();
		else res.type("application/json").send(bytes);
	});
	const bare = createServer(bareApp);
	try {
		const fullBase = await listen(full);
		const bareBase = await listen(bare);
		const school = await signUpBenchSchool(fullBase, infra.db, {
			organizationName: "Bench Content",
			email: `bench.${randomUUID()}@school.example`,
			password: "correct horse battery staple 42",
		});
		const secrets = await seedSchool(fullBase, school.accessToken, options.keys);
		const first = await fetch(`${fullBase}/v1/runtime/lessons/active`, { headers: { "x-api-key": secrets[0] as string } });
		bytes = await first.text();
		etag = first.headers.get("etag") ?? "";
		if (first.status !== 200 || etag === "") throw new Error(`the route answered ${first.status} without a tag`);
		const requestsWith = (extra: Record<string, string>): BenchRequest[] =>
			secrets.flatMap((secret, key) =>
				Array.from({ length: JOBS_PER_KEY }, (_, job) => ({
					method: "GET",
					path: "/v1/runtime/lessons/active",
					headers: { "x-api-key": secret, "x-roblox-job-id": `bench-${key}-${job}`, ...extra },
				})),
			);
		const paths = [
			{ name: "ok200" as const, requests: requestsWith({}), expected: "2xx" as const },
			{ name: "notModified304" as const, requests: requestsWith({ "if-none-match": etag }), expected: "3xx" as const },
		];
		const results: Partial<Record<"ok200" | "notModified304", PathResult>> = {};
		for (const path of paths) {
			const url = (base: string) => `${base}/v1/runtime/lessons/active`;
			// Warm both (JIT, pools, the kept content and keys) before anything counts.
			const warmup = Math.max(1, Math.round(options.durationSeconds / 3));
			await measure(url(bareBase), path.requests, options, warmup, path.expected);
			await measure(url(fullBase), path.requests, options, warmup, path.expected);
			const appRounds: PathMeasurement[] = [];
			const bareRounds: PathMeasurement[] = [];
			for (let round = 0; round < options.rounds; round++) {
				bareRounds.push(await measure(url(bareBase), path.requests, options, options.durationSeconds, path.expected));
				appRounds.push(await measure(url(fullBase), path.requests, options, options.durationSeconds, path.expected));
			}
			const app = median(appRounds);
			const bareResult = median(bareRounds);
			results[path.name] = { app, bare: bareResult, ratio: ratio(app.requestsPerSecond, bareResult.requestsPerSecond), p99Ratio: ratio(app.p99LatencyMs, bareResult.p99LatencyMs) };
		}
		return {
			name: "active-content",
			at: new Date().toISOString(),
			driver: infra.databaseDriver,
			replyBytes: Buffer.byteLength(bytes),
			rounds: options.rounds,
			connections: options.connections,
			ok200: results.ok200 as PathResult,
			notModified304: results.notModified304 as PathResult,
		};
	} finally {
		await new Promise((resolve) => full.close(resolve));
		await new Promise((resolve) => bare.close(resolve));
		await courier.close();
		await infra.close();
	}
}
