/**
 * Progress ingestion: 500-event batches POSTed to /v1/runtime/progress/batches through the whole app
 * (API key auth, envelope and per-event validation, student and lesson checks, idempotent insert) against the
 * same rows inserted with one batched INSERT … ON CONFLICT DO NOTHING per batch into the same Postgres, in the same
 * run with the same concurrency. Sides alternate per round; the median round counts. Every event id is fresh, so
 * both sides really insert.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import pino from "pino";
import { QueryTypes, type Sequelize } from "sequelize";
import { createApp } from "../src/app";
import { loadConfig } from "../src/config/load-config";
import { withTenant } from "../src/db/tenant-scope";
import { startInfrastructure } from "../src/infrastructure";
import { createLogger } from "../src/logging/logger";
import { aggregateProgress } from "../src/modules/progress";
import { startMailCourier } from "../src/jobs/__tests__/mail-courier";
import { signUpBenchSchool } from "./bench-school";

export interface IngestionBenchOptions {
	/** 500-event batches per side and round. */
	readonly batches: number;
	readonly rounds: number;
	/** Batches in flight at once, on both sides. */
	readonly concurrency: number;
	readonly env: NodeJS.ProcessEnv;
}

export interface IngestionMeasurement {
	readonly eventsPerSecond: number;
	readonly p50BatchMs: number;
	readonly p99BatchMs: number;
	readonly batches: number;
	/** Batches that did not store all 500 events: a bench that measured failures measured nothing. */
	readonly failures: number;
}

export interface IngestionBenchResult {
	readonly name: "progress-ingestion";
	readonly at: string;
	readonly eventsPerBatch: number;
	readonly rounds: number;
	readonly concurrency: number;
	readonly http: IngestionMeasurement;
	readonly raw: IngestionMeasurement;
	/** HTTP events/s divided by raw INSERT events/s (the target is at least 0.5: the request path may cost at most as much as storing). */
	readonly ratio: number;
	/**
	 * The aggregation job's side (it runs off the request path, so it is not in the ratio): every event both sides
	 * stored (warm-up included), folded into the summaries by one run of the job's function after the rounds.
	 */
	readonly aggregation: { readonly events: number; readonly ms: number; readonly eventsPerSecond: number };
}

export const EVENTS_PER_BATCH = 500;
const STUDENTS = 50;

interface Fixture {
	readonly baseUrl: string;
	readonly apiKeyId: string;
	readonly secret: string;
	readonly tenantId: string;
	readonly lessonId: string;
	/** Roblox UserId → student user id. */
	readonly students: ReadonlyArray<{ robloxUserId: number; userId: string }>;
}

async function call(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
	const res = await fetch(`${baseUrl}${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
	const json = (await res.json()) as Record<string, unknown>;
	if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
	return json;
}

/** A school, a lesson, a class, a key and 50 students joined through the runtime route: the data a real run has. */
async function seed(baseUrl: string, db: Sequelize): Promise<Fixture> {
	const school = await signUpBenchSchool(baseUrl, db, {
		organizationName: "Bench School",
		email: `bench.${randomUUID()}@school.example`,
		password: "correct horse battery staple 42",
	});
	const token = school.accessToken;
	const auth = { authorization: `Bearer ${token}` };
	const lesson = await call(baseUrl, "POST", "/v1/lessons", { title: "Bench fractions", subject: "math", gradeBand: "3-5", objectives: [] }, auth);
	const klass = await call(baseUrl, "POST", "/v1/classes", { name: "Bench class" }, auth);
	const key = await call(baseUrl, "POST", "/v1/api-keys", { name: "Bench experience", scopes: ["classes:join", "progress:write"] }, auth);
	const secret = key.secret as string;
	const students: Array<{ robloxUserId: number; userId: string }> = [];
	const base = 900_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
	for (let i = 0; i < STUDENTS; i++) {
		const robloxUserId = base + i;
		const joined = await call(baseUrl, "POST", "/v1/runtime/classes/join", { joinCode: klass.joinCode, robloxUserId, displayName: `Bench${i}` }, { "x-api-key": secret });
		students.push({ robloxUserId, userId: joined.studentUserId as string });
	}
	return { baseUrl, apiKeyId: (key.apiKey as { id: string }).id, secret, tenantId: school.tenantId, lessonId: lesson.id as string, students };
}

function makeEvents(fixture: Fixture): Array<Record<string, unknown>> {
	const occurredAt = new Date().toISOString();
	return Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
		const student = fixture.students[i % fixture.students.length] as { robloxUserId: number };
		return {
			kind: "answer_submitted",
			eventId: randomUUID(),
			robloxUserId: student.robloxUserId,
			lessonId: fixture.lessonId,
			stepId: `q${i % 10}`,
			answer: { correct: i % 3 !== 0, points: 10 },
			occurredAt,
		};
	});
}

/** Runs `count` jobs, `concurrency` at a time; returns each job's duration and the wall time. */
async function timed(count: number, concurrency: number, job: (index: number) => Promise<boolean>): Promise<{ durations: number[]; failures: number; wallMs: number }> {
	const durations: number[] = [];
	let failures = 0;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const index = next++;
				const t0 = performance.now();
				const ok = await job(index);
				durations.push(performance.now() - t0);
				if (!ok) failures++;
			}
		}),
	);
	return { durations, failures, wallMs: performance.now() - started };
}

function summarise(run: { durations: number[]; failures: number; wallMs: number }): IngestionMeasurement {
	const sorted = [...run.durations].sort((a, b) => a - b);
	const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0).toFixed(2));
	return {
		eventsPerSecond: Math.round((run.durations.length * EVENTS_PER_BATCH * 1000) / run.wallMs),
		p50BatchMs: at(0.5),
		p99BatchMs: at(0.99),
		batches: run.durations.length,
		failures: run.failures,
	};
}

async function httpRound(fixture: Fixture, options: IngestionBenchOptions): Promise<IngestionMeasurement> {
	// Bodies are built before the clock starts: the game server's JSON encoding is not the service's cost.
	const bodies = Array.from({ length: options.batches }, () => JSON.stringify({ batchId: randomUUID(), events: makeEvents(fixture) }));
	const run = await timed(options.batches, options.concurrency, async (index) => {
		const res = await fetch(`${fixture.baseUrl}/v1/runtime/progress/batches`, {
			method: "POST",
			headers: { "content-type": "application/json", "x-api-key": fixture.secret },
			body: bodies[index] as string,
		});
		const body = (await res.json()) as { accepted?: number };
		return res.status === 200 && body.accepted === EVENTS_PER_BATCH;
	});
	return summarise(run);
}

async function rawRound(db: Sequelize, fixture: Fixture, options: IngestionBenchOptions): Promise<IngestionMeasurement> {
	const studentOf = new Map(fixture.students.map((s) => [s.robloxUserId, s.userId]));
	const rows = Array.from({ length: options.batches }, () =>
		JSON.stringify(
			makeEvents(fixture).map((e) => ({
				event_id: e.eventId,
				student_user_id: studentOf.get(e.robloxUserId as number),
				kind: e.kind,
				lesson_id: e.lessonId,
				step_id: e.stepId,
				correct: (e.answer as { correct: boolean }).correct,
				points: (e.answer as { points: number }).points,
				occurred_at: e.occurredAt,
				payload: e,
			})),
		),
	);
	const run = await timed(options.batches, options.concurrency, async (index) => {
		const inserted = await withTenant(db, fixture.tenantId, (transaction) =>
			db.query(
				`INSERT INTO progress_events (tenant_id, event_id, batch_id, api_key_id, student_user_id, kind, lesson_id, step_id, correct, points, occurred_at, payload)
				 SELECT $1, r.event_id, $2, $3, r.student_user_id, r.kind, r.lesson_id, r.step_id, r.correct, r.points, r.occurred_at, r.payload
				 FROM jsonb_to_recordset($4::jsonb) AS r(event_id uuid, student_user_id uuid, kind text, lesson_id text, step_id text, correct boolean, points double precision, occurred_at timestamptz, payload jsonb)
				 ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING event_id`,
				{ bind: [fixture.tenantId, randomUUID(), fixture.apiKeyId, rows[index]], transaction, type: QueryTypes.SELECT },
			),
		);
		return (inserted as unknown[]).length === EVENTS_PER_BATCH;
	});
	return summarise(run);
}

function median(rounds: IngestionMeasurement[]): IngestionMeasurement {
	const sorted = [...rounds].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
	return sorted[Math.floor((sorted.length - 1) / 2)] as IngestionMeasurement;
}

function listen(server: Server): Promise<string> {
	return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

export async function runProgressIngestion(options: IngestionBenchOptions): Promise<IngestionBenchResult> {
	const config = loadConfig({ LOG_LEVEL: "info", NODE_ENV: "production", PUBLIC_URL: "http://localhost", ALLOW_EMBEDDED: "true", ...options.env, PORT: "0" });
	const logger = createLogger(config, pino.destination({ dest: "/dev/null", sync: false }));
	mkdirSync(config.dataDir, { recursive: true });
	const infra = await startInfrastructure(config, logger);
	const courier = await startMailCourier(infra, { logger, ...(config.redisUrl === undefined ? {} : { redisUrl: config.redisUrl }) });
	const server = createServer(createApp({ config, logger, infra: courier.infra }));
	try {
		const fixture = await seed(await listen(server), infra.db);
		// Warm both sides (JIT, pools, the table's first pages) before anything counts.
		const warm = { ...options, batches: Math.max(2, Math.round(options.batches / 4)) };
		await httpRound(fixture, warm);
		await rawRound(infra.db, fixture, warm);
		const http: IngestionMeasurement[] = [];
		const raw: IngestionMeasurement[] = [];
		for (let round = 0; round < options.rounds; round++) {
			raw.push(await rawRound(infra.db, fixture, options));
			http.push(await httpRound(fixture, options));
		}
		const httpResult = median(http);
		const rawResult = median(raw);
		// The workers are not started here, so every stored event is still pending: fold them all once, timed.
		const foldStarted = performance.now();
		const folded = await aggregateProgress({ infra }, { tenantId: fixture.tenantId });
		const foldMs = performance.now() - foldStarted;
		return {
			name: "progress-ingestion",
			at: new Date().toISOString(),
			eventsPerBatch: EVENTS_PER_BATCH,
			rounds: options.rounds,
			concurrency: options.concurrency,
			http: httpResult,
			raw: rawResult,
			ratio: Number((httpResult.eventsPerSecond / rawResult.eventsPerSecond).toFixed(3)),
			aggregation: { events: folded, ms: Number(foldMs.toFixed(1)), eventsPerSecond: Math.round((folded * 1000) / foldMs) },
		};
	} finally {
		await new Promise((resolve) => server.close(resolve));
		await courier.close();
		await infra.close();
	}
}
