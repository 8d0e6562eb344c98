/**
 * The transactional outbox on the real test Postgres and BullMQ on the real test Redis: a job commits or rolls back
 * with the change that caused it, survives a crash between commit and relay (the sweeper relays it), and runs once
 * per idempotency key however often it is written or relayed.
 */
import { randomBytes } from "node:crypto";
import { QueryTypes, type Sequelize } from "sequelize";
import { captureLogger } from "../db/__tests__/silent-logger";
import { createTempDatabase, redisUrl, type TempDatabase } from "../db/__tests__/temp-database";
import { migrate } from "../db/migrate";
import { createSequelize } from "../db/sequelize";
import type { JobQueue } from "../infrastructure.types";
import { BullJobQueue } from "./bullmq-queue";
import { createDeadLetterSink } from "./dead-letters";
import { enqueueWithOutbox, relayOutbox } from "./outbox";
import { startOutboxSweeper } from "./outbox-sweeper";
import { until } from "./__tests__/until";

jest.setTimeout(60_000);

const captured = captureLogger();
let database: TempDatabase;
let db: Sequelize;
let queue: JobQueue;

beforeAll(async () => {
	database = await createTempDatabase("outbox");
	db = createSequelize({ url: database.url, poolMax: 5, logger: captured.logger });
	await migrate({ db, logger: captured.logger });
	await db.query("CREATE TABLE outbox_probe (tag text)");
	queue = new BullJobQueue({
		redisUrl: redisUrl(),
		deadLetters: createDeadLetterSink(db, captured.logger),
		logger: captured.logger,
		prefix: `test-outbox-${randomBytes(5).toString("hex")}`,
	});
	queue.define<{ tag: string }>({
		name: "probe.write",
		version: 1,
		parse: (payload) => payload as { tag: string },
		handle: async ({ tag }) => {
			await db.query("INSERT INTO outbox_probe (tag) VALUES ($1)", { bind: [tag] });
		},
	});
	await queue.start();
});

afterAll(async () => {
	await queue.close(2_000);
	await db.close();
	await database.drop();
});

async function runs(tag: string): Promise<number> {
	const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_probe WHERE tag = $1", { bind: [tag], type: QueryTypes.SELECT });
	return row?.n ?? 0;
}

async function outboxRows(key: string): Promise<number> {
	const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM job_outbox WHERE idempotency_key = $1", { bind: [key], type: QueryTypes.SELECT });
	return row?.n ?? 0;
}

const tagged = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

test("a job written in a transaction that commits runs once, after the commit, and leaves no outbox row", async () => {
	const tag = tagged("commit");
	await db.transaction(async (transaction) => {
		await enqueueWithOutbox({ db, queue }, { name: "probe.write", payload: { tag }, idempotencyKey: tag }, { transaction });
		// Written twice in the same change: still one job.
		await enqueueWithOutbox({ db, queue }, { name: "probe.write", payload: { tag }, idempotencyKey: tag }, { transaction });
	});
	await until(async () => (await runs(tag)) === 1, { what: "the committed job" });
	await until(async () => (await outboxRows(tag)) === 0, { what: "the relayed row to go" });
	expect(await runs(tag)).toBe(1);
});

test("a job written in a transaction that rolls back never runs and leaves nothing behind", async () => {
	const tag = tagged("rollback");
	await expect(
		db.transaction(async (transaction) => {
			await enqueueWithOutbox({ db, queue }, { name: "probe.write", payload: { tag }, idempotencyKey: tag }, { transaction });
			throw new Error("the change failed");
		}),
	).rejects.toThrow("the change failed");
	expect(await outboxRows(tag)).toBe(0);
	expect(await relayOutbox({ db, queue })).toBe(0);
	expect(await runs(tag)).toBe(0);
});

test("a crash between commit and relay: the sweeper relays the row, and a second relay of the same key runs nothing more", async () => {
	const tag = tagged("crash");
	// The process that committed died before its after-commit relay: the queue it had was never reached.
	const deadQueue: JobQueue = { ...queue, enqueue: () => Promise.reject(new Error("process gone")) };
	await db.transaction((transaction) => enqueueWithOutbox({ db, queue: deadQueue }, { name: "probe.write", payload: { tag }, idempotencyKey: tag }, { transaction }));
	expect(await outboxRows(tag)).toBe(1);
	expect(await runs(tag)).toBe(0);

	const stop = startOutboxSweeper({ db, queue, logger: captured.logger }, { intervalMs: 50, olderThanMs: 0 });
	try {
		await until(async () => (await runs(tag)) === 1, { what: "the swept job" });
	} finally {
		stop();
	}
	// Two instances relaying the same row (the row put back as if the delete had not happened): one run.
	await db.query("INSERT INTO job_outbox (job_name, idempotency_key, payload) VALUES ('probe.write', $1, $2::jsonb)", { bind: [tag, JSON.stringify({ tag })] });
	await relayOutbox({ db, queue });
	await until(async () => (await outboxRows(tag)) === 0, { what: "the second relay" });
	expect(await runs(tag)).toBe(1);
});
