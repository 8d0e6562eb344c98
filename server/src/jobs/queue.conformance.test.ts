/**
 * One behaviour suite, run against both drivers: BullMQ on the real test Redis and the in-process runner.
 * Both write dead letters into a real Postgres database created for this file.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { QueryTypes, type Sequelize } from "sequelize";
import { z } from "zod";
import { captureLogger } from "../db/__tests__/silent-logger";
import { createTempDatabase, redisUrl, type TempDatabase } from "../db/__tests__/temp-database";
import { migrate } from "../db/migrate";
import { createSequelize } from "../db/sequelize";
import type { JobDefinition, JobQueue } from "../infrastructure.types";
import { BullJobQueue } from "./bullmq-queue";
import { createDeadLetterSink } from "./dead-letters";
import { QueueClosedError, UnknownJobError } from "./errors";
import { InProcessJobQueue } from "./in-process-queue";
import { JobPayloadError, payloadParser } from "./payload";

jest.setTimeout(30_000);

const captured = captureLogger();
const prefix = `test-jobs-${randomBytes(5).toString("hex")}`;
let database: TempDatabase;
let db: Sequelize;
const queues: JobQueue[] = [];

beforeAll(async () => {
	database = await createTempDatabase("jobs");
	db = createSequelize({ url: database.url, poolMax: 5, logger: captured.logger });
	await migrate({ db, logger: captured.logger });
	await db.query("CREATE TABLE job_probe (tag text, n int)");
});

afterEach(async () => {
	await Promise.all(queues.splice(0).map((queue) => queue.close(1_000)));
});

afterAll(async () => {
	await db.close();
	await database.drop();
	await deleteRedisKeys(`${prefix}:*`);
});

async function deleteRedisKeys(pattern: string): Promise<void> {
	const redis = new Redis(redisUrl());
	try {
		const keys: string[] = [];
		for await (const batch of redis.scanStream({ match: pattern, count: 500 })) keys.push(...(batch as string[]));
		if (keys.length > 0) await redis.del(...keys);
	} finally {
		await redis.quit();
	}
}

interface QueueOptions {
	readonly concurrency?: number;
}

type Driver = readonly [name: "in-process" | "bullmq", make: (options?: QueueOptions) => JobQueue];

const drivers: Driver[] = [
	["in-process", (options) => new InProcessJobQueue({ deadLetters: createDeadLetterSink(db, captured.logger), logger: captured.logger, ...options })],
	[
		"bullmq",
		(options) =>
			new BullJobQueue({
				redisUrl: redisUrl(),
				deadLetters: createDeadLetterSink(db, captured.logger),
				logger: captured.logger,
				prefix,
				// A queue per test: nothing left over from one test can run in the next.
				queueName: `q${randomBytes(4).toString("hex")}`,
				...options,
			}),
	],
];

const payloadSchema = z.object({ n: z.number().int() });
type Payload = z.infer<typeof payloadSchema>;

interface Handled {
	readonly payload: Payload;
	readonly attempt: number;
	readonly jobId: string;
	readonly at: number;
}

function testJob(
	handle: (payload: Payload, attempt: number) => Promise<void> = async () => undefined,
	overrides: Partial<JobDefinition<Payload>> = {},
): { definition: JobDefinition<Payload>; handled: Handled[] } {
	const handled: Handled[] = [];
	const definition: JobDefinition<Payload> = {
		name: "test.echo",
		version: 1,
		parse: payloadParser("test.echo", payloadSchema),
		attempts: 3,
		backoffMs: 20,
		async handle(payload, context) {
			handled.push({ payload, attempt: context.attempt, jobId: context.jobId, at: Date.now() });
			await handle(payload, context.attempt);
		},
		...overrides,
	};
	return { definition, handled };
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error("condition not met in time");
		await sleep(20);
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

interface DeadLetterRow {
	job_name: string;
	job_id: string;
	payload: unknown;
	error: string;
	attempts: number;
}

function deadLetters(jobId: string): Promise<DeadLetterRow[]> {
	return db.query<DeadLetterRow>("SELECT job_name, job_id, payload, error, attempts FROM job_dead_letters WHERE job_id = :jobId", {
		type: QueryTypes.SELECT,
		replacements: { jobId },
	});
}

describe.each(drivers)("%s driver", (driverName, make) => {
	async function started(definition: JobDefinition<Payload>, options?: QueueOptions): Promise<JobQueue> {
		const queue = make(options);
		queues.push(queue);
		queue.define(definition);
		await queue.start();
		return queue;
	}

	test("reports its driver and answers ping", async () => {
		const queue = await started(testJob().definition);
		expect(queue.driver).toBe(driverName);
		await queue.ping();
	});

	test("processes a job with the payload its definition parsed", async () => {
		const { definition, handled } = testJob();
		const queue = await started(definition);
		const { jobId } = await queue.enqueue("test.echo", { n: 7, extra: "dropped by the schema" });
		await waitUntil(() => handled.length === 1);
		expect(handled[0]).toMatchObject({ payload: { n: 7 }, attempt: 1, jobId });
	});

	test("the same idempotency key enqueued twice (at once, and again after it ran) is handled once", async () => {
		const { definition, handled } = testJob();
		const queue = await started(definition);
		const key = `order:${randomBytes(4).toString("hex")}`;
		const [first, second] = await Promise.all([queue.enqueue("test.echo", { n: 1 }, { idempotencyKey: key }), queue.enqueue("test.echo", { n: 2 }, { idempotencyKey: key })]);
		await waitUntil(() => handled.length === 1);
		const third = await queue.enqueue("test.echo", { n: 3 }, { idempotencyKey: key });
		await sleep(300);
		expect(handled.map((h) => h.payload.n)).toEqual([1]);
		expect(new Set([first.jobId, second.jobId, third.jobId]).size).toBe(1);
		// A different key still runs.
		await queue.enqueue("test.echo", { n: 4 }, { idempotencyKey: `${key}-other` });
		await waitUntil(() => handled.length === 2);
	});

	test("a job enqueued with a short dedupe window may run again once that window has passed", async () => {
		const { definition, handled } = testJob();
		const queue = await started(definition);
		const key = `window:${randomBytes(4).toString("hex")}`;
		const brief = { dedupeWindowMs: 1_000 };
		await queue.enqueue("test.echo", { n: 1 }, { idempotencyKey: key, ...brief });
		await waitUntil(() => handled.length === 1);
		await sleep(1_500);
		// BullMQ drops finished jobs older than their age when another job finishes (the in-process driver just forgets).
		await queue.enqueue("test.echo", { n: 2 }, { idempotencyKey: `${key}-other`, ...brief });
		await waitUntil(() => handled.length === 2);
		await queue.enqueue("test.echo", { n: 3 }, { idempotencyKey: key, ...brief });
		await waitUntil(() => handled.length === 3);
		expect(handled.map((h) => h.payload.n)).toEqual([1, 2, 3]);
	});

	test("retries a failing job with exponential backoff until it succeeds", async () => {
		const { definition, handled } = testJob(
			async (_payload, attempt) => {
				if (attempt < 3) throw new Error(`flaky ${attempt}`);
			},
			{ attempts: 4, backoffMs: 150 },
		);
		const queue = await started(definition);
		const { jobId } = await queue.enqueue("test.echo", { n: 1 });
		await waitUntil(() => handled.length === 3);
		await sleep(200);
		expect(handled.map((h) => h.attempt)).toEqual([1, 2, 3]);
		const [a, b, c] = handled.map((h) => h.at) as [number, number, number];
		expect(b - a).toBeGreaterThanOrEqual(140);
		expect(c - b).toBeGreaterThanOrEqual(290);
		expect(await deadLetters(jobId)).toEqual([]);
	});

	test("after the last attempt fails it writes a dead-letter row and logs an error", async () => {
		const { definition, handled } = testJob(async (_payload, attempt) => {
			throw new Error(`boom ${attempt}`);
		});
		const queue = await started(definition);
		const { jobId } = await queue.enqueue("test.echo", { n: 4 });
		await waitUntil(async () => (await deadLetters(jobId)).length === 1);
		await sleep(200);
		expect(handled.map((h) => h.attempt)).toEqual([1, 2, 3]);
		expect(await deadLetters(jobId)).toEqual([{ job_name: "test.echo", job_id: jobId, payload: { version: 1, payload: { n: 4 } }, error: "boom 3", attempts: 3 }]);
		expect(captured.lines).toContainEqual(expect.objectContaining({ level: 50, jobId, msg: "job failed for good: dead-lettered" }));
	});

	test("a stored payload that no longer validates is dead-lettered at once, never handled", async () => {
		let strict = false;
		const { definition, handled } = testJob(undefined, {
			attempts: 5,
			parse: (payload) => {
				const parsed = payloadParser("test.echo", payloadSchema)(payload);
				if (strict && parsed.n > 10) throw new Error("n must be at most 10 since version 2");
				return parsed;
			},
		});
		const queue = make();
		queues.push(queue);
		queue.define(definition);
		const { jobId } = await queue.enqueue("test.echo", { n: 11 });
		strict = true; // a deploy tightened the schema while the job waited
		await queue.start();
		await waitUntil(async () => (await deadLetters(jobId)).length === 1);
		const [row] = await deadLetters(jobId);
		expect(row).toMatchObject({ attempts: 1, error: expect.stringContaining("n must be at most 10") });
		expect(handled).toEqual([]);
	});

	test("a delayed job waits for its delay", async () => {
		const { definition, handled } = testJob();
		const queue = await started(definition);
		const enqueuedAt = Date.now();
		await queue.enqueue("test.echo", { n: 1 }, { delayMs: 600 });
		await waitUntil(() => handled.length === 1);
		// `at` is stamped by the handler when the job starts, not by the test after its wait.
		expect((handled[0] as Handled).at - enqueuedAt).toBeGreaterThanOrEqual(580);
	});

	test("a bad payload or an unknown job name is rejected at enqueue", async () => {
		const { definition, handled } = testJob();
		const queue = await started(definition);
		const rejected = queue.enqueue("test.echo", { n: "seven" });
		await expect(rejected).rejects.toBeInstanceOf(JobPayloadError);
		await expect(rejected).rejects.toMatchObject({ code: "validation_failed", details: { issues: [expect.objectContaining({ path: "n" })] } });
		await expect(queue.enqueue("test.nope", { n: 1 })).rejects.toBeInstanceOf(UnknownJobError);
		await sleep(200);
		expect(handled).toEqual([]);
	});

	test("runs at most `concurrency` jobs at a time", async () => {
		let active = 0;
		let peak = 0;
		const { definition, handled } = testJob(async () => {
			active += 1;
			peak = Math.max(peak, active);
			// Hold each job until a second one is running alongside it (or every job has started), however slow the worker is.
			await waitUntil(() => active >= 2 || handled.length === 6);
			await sleep(50);
			active -= 1;
		});
		const queue = await started(definition, { concurrency: 2 });
		await Promise.all([1, 2, 3, 4, 5, 6].map((n) => queue.enqueue("test.echo", { n })));
		await waitUntil(() => handled.length === 6 && active === 0);
		expect(peak).toBe(2);
	});

	test("close waits for a running job, then refuses new ones", async () => {
		let finished = false;
		const { definition, handled } = testJob(async () => {
			await sleep(500);
			finished = true;
		});
		const queue = await started(definition);
		await queue.enqueue("test.echo", { n: 1 });
		await waitUntil(() => handled.length === 1);
		await queue.close(5_000);
		expect(finished).toBe(true);
		await expect(queue.enqueue("test.echo", { n: 2 })).rejects.toBeInstanceOf(QueueClosedError);
		await queue.close(); // twice is fine
	});

	test("close stops waiting after its timeout", async () => {
		let release: () => void = () => undefined;
		let finished = false;
		const { definition, handled } = testJob(async () => {
			await new Promise<void>((resolve) => {
				release = resolve;
			});
			finished = true;
		});
		const queue = await started(definition);
		await queue.enqueue("test.echo", { n: 1 });
		await waitUntil(() => handled.length === 1);
		// The job only ends on release(): a close that waited for it would hang until Jest's timeout.
		await queue.close(200);
		expect(finished).toBe(false);
		release();
	});

	test("job work never joins the enqueuer's transaction, and runs after that transaction ended", async () => {
		const tag = randomBytes(4).toString("hex");
		let inserted = 0;
		const { definition, handled } = testJob(async (payload) => {
			await db.query("INSERT INTO job_probe (tag, n) VALUES (:tag, :n)", { replacements: { tag, n: payload.n } });
			inserted += 1;
		});
		const queue = await started(definition);
		// Runs at once, while the caller's transaction is still open; the caller then rolls back.
		await db
			.transaction(async () => {
				await queue.enqueue("test.echo", { n: 1 });
				// The job's INSERT has finished while this transaction is still open.
				await waitUntil(() => inserted === 1);
				throw new Error("caller rolls back");
			})
			.catch(() => undefined);
		// Runs after the caller's transaction committed (a timer created inside it).
		await db.transaction(async () => {
			await queue.enqueue("test.echo", { n: 2 }, { delayMs: 100 });
		});
		await waitUntil(() => inserted >= 2);
		const rows = await db.query<{ n: number }>("SELECT n FROM job_probe WHERE tag = :tag ORDER BY n", {
			type: QueryTypes.SELECT,
			replacements: { tag },
		});
		expect(rows.map((row) => row.n)).toEqual([1, 2]);
		expect(handled.map((h) => h.attempt)).toEqual([1, 1]);
	});
});
