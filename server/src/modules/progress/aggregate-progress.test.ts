import { randomUUID } from "node:crypto";
import pino from "pino";
import request from "supertest";
import type { ApiKeyCaller } from "../../access/caller";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { InProcessJobQueue } from "../../jobs/in-process-queue";
import { bearer } from "../tenancy/__tests__/tenancy-fixtures";
import { event, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { ingestProgress } from "./ingest-progress";
import { aggregateProgress } from "./aggregate-progress";
import { AGGREGATION_WINDOW_MS, aggregationTrigger, PROGRESS_AGGREGATE } from "./aggregation-job";
import { assignQuizLesson, lessonsFromEvents, lessonSummaries, pendingEvents, stepsFromEvents, stepSummaries, waitForAggregation } from "./__tests__/progress-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let quizLesson: string;
const PLAYERS = [9101, 9102, 9103];

beforeAll(async () => {
	database = await createTestDatabase("progress_aggregation");
	// The queue's workers start in the first test: until then events can only be stored, not folded.
	t = await startTestApp({ database });
	school = await runtimeSchool(t, "Rowan Aggregation School");
	quizLesson = await assignQuizLesson(t, school.teacherA.token, school.klass.id);
	for (const player of PLAYERS) await joinStudent(t, school, player, `Player${player}`);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** A game server's key, as authentication makes its caller. */
const keyCaller = (apiKeyId: string, tenantId: string): ApiKeyCaller => ({ tenantId, actor: { kind: "api_key", apiKeyId, scopes: ["progress:write"] }, origin: {} });
/** Ingestion's dependencies with a queue that takes nothing: the events are stored and no aggregation job is asked for. */
const storeOnly = () => ({ infra: { db: t.infra.db, queue: { enqueue: async () => ({ jobId: "not-enqueued" }) } }, logger: pino({ level: "silent" }) });

const view = (path = "") => request(t.app).get(`/v1/classes/${school.klass.id}/progress${path}`).set(bearer(school.teacherA.token));

/** A small deterministic generator (mulberry32): the same "random" batches on every run. */
function random(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let x = Math.imul(a ^ (a >>> 15), 1 | a);
		x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	};
}

describe("progress aggregation as a job", () => {
	it("the view reads the summaries: stored events show as pending until the queue's job folds them", async () => {
		const l = quizLesson;
		const batch = [event.started(9101, l), event.answer(9101, l, "q1", true, 10), event.step(9101, l, "q1", 1200)];
		expect((await sendBatch(t, school.key.secret, batch)).body).toMatchObject({ accepted: 3 });
		const before = await view();
		expect(before.status).toBe(200);
		expect(before.body).toEqual({ items: [], pendingEvents: 3 });

		await t.infra.queue.start();
		await waitForAggregation(t, school.admin.tenantId);
		const after = await view();
		expect(after.body.pendingEvents).toBe(0);
		expect(after.body.items).toEqual([
			expect.objectContaining({ robloxUserId: 9101, lessonId: l, stepId: "q1", attempts: 1, correct: 1, points: 10, timeMs: 1200, completed: true, hintsUsed: 0, timeouts: 0 }),
		]);
	});

	it("after random batches with duplicates, sent concurrently, the summaries equal a recomputation from the raw events", async () => {
		const next = random(20261125);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
		const lessons = [quizLesson, school.lessonId];
		const steps = ["intro", "reach", "q1", "q2", "q9"];
		const sent: unknown[] = [];
		const made = () => {
			const player = pick(PLAYERS);
			const lesson = pick(lessons);
			const at = new Date(Date.UTC(2026, 10, 25, 13, Math.floor(next() * 60), Math.floor(next() * 60), Math.floor(next() * 1000))).toISOString();
			const kind = pick(["answer", "answer", "answer", "step", "step", "started", "completed"]);
			const base = { eventId: randomUUID(), robloxUserId: player, lessonId: lesson, occurredAt: at };
			if (kind === "answer") {
				const correct = next() < 0.5;
				return {
					...base,
					kind: "answer_submitted",
					stepId: pick(steps),
					answer: { correct, points: correct ? pick([5, 7.5, 10]) : 0 },
					hintsUsed: Math.floor(next() * 3),
					...(next() < 0.2 ? { timedOut: true } : {}),
				};
			}
			if (kind === "step") return { ...base, kind: "step_completed", stepId: pick(steps), durationMs: Math.floor(next() * 5000) };
			if (kind === "started") return { ...base, kind: "lesson_started" };
			return { ...base, kind: "lesson_completed", score: Math.floor(next() * 20) };
		};
		const batches: Array<{ batchId: string; events: unknown[] }> = [];
		for (let i = 0; i < 24; i += 1) {
			const events: unknown[] = [];
			const size = 1 + Math.floor(next() * 40);
			for (let j = 0; j < size; j += 1) events.push(sent.length > 0 && next() < 0.3 ? pick(sent) : made());
			sent.push(...events);
			batches.push({ batchId: randomUUID(), events });
			// Now and then a batch is retried whole (its reply was lost).
			if (next() < 0.25) batches.push(batches[batches.length - 1] as { batchId: string; events: unknown[] });
		}
		for (let i = 0; i < batches.length; i += 4) {
			const group = batches.slice(i, i + 4);
			const replies = await Promise.all(group.map((b) => sendBatch(t, school.key.secret, b.events, b.batchId)));
			for (const reply of replies)
				expect({ status: reply.status, rejected: reply.body.rejected, error: reply.body.error }).toEqual({ status: 200, rejected: [], error: undefined });
		}
		await waitForAggregation(t, school.admin.tenantId);
		const fromEvents = await stepsFromEvents(t, school.admin.tenantId);
		expect(fromEvents.length).toBeGreaterThan(10);
		expect(await stepSummaries(t, school.admin.tenantId)).toEqual(fromEvents);
		expect(await lessonSummaries(t, school.admin.tenantId)).toEqual(await lessonsFromEvents(t, school.admin.tenantId));

		// The teacher's view is those numbers, for the class's students.
		const page = await view("?limit=500");
		expect(page.body.pendingEvents).toBe(0);
		expect(page.body.items).toHaveLength(fromEvents.length);
		for (const row of fromEvents) {
			const shown = (page.body.items as Array<Record<string, unknown>>).find(
				(item) => item.studentUserId === row.student_user_id && item.lessonId === row.lesson_id && item.stepId === row.step_id,
			);
			expect(shown).toMatchObject({
				attempts: row.attempts,
				correct: row.correct,
				points: row.points,
				timeMs: row.time_ms,
				completed: row.completed,
				hintsUsed: row.hints_used,
				timeouts: row.timeouts,
			});
		}
	});

	it("a job run again changes nothing, and two folds racing over new events count each event once", async () => {
		const tenantId = school.admin.tenantId;
		const steps = await stepSummaries(t, tenantId);
		const lessons = await lessonSummaries(t, tenantId);
		expect(await aggregateProgress({ infra: t.infra }, { tenantId })).toBe(0);
		expect(await stepSummaries(t, tenantId)).toEqual(steps);
		expect(await lessonSummaries(t, tenantId)).toEqual(lessons);

		// New events stored without asking for a job (as if it were lost), then two folds race.
		const caller = keyCaller(school.key.id, tenantId);
		const l = quizLesson;
		const more = PLAYERS.flatMap((player) =>
			Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? event.step(player, l, `q${i % 4}`, 100 + i) : event.answer(player, l, `q${i % 4}`, i % 2 === 0, i % 2 === 0 ? 5 : 0))),
		);
		const stored = await ingestProgress(storeOnly(), caller, { batchId: randomUUID(), events: more });
		expect(stored).toMatchObject({ accepted: more.length, rejected: [] });
		expect(await pendingEvents(t, tenantId)).toBe(more.length);
		const [first, second] = await Promise.all([aggregateProgress({ infra: t.infra }, { tenantId }), aggregateProgress({ infra: t.infra }, { tenantId })]);
		// Together they folded each event at most once (a queue job may have taken some meanwhile: same rows either way).
		expect((first ?? 0) + (second ?? 0)).toBeLessThanOrEqual(more.length);
		expect(await pendingEvents(t, tenantId)).toBe(0);
		expect(await stepSummaries(t, tenantId)).toEqual(await stepsFromEvents(t, tenantId));
		expect(await lessonSummaries(t, tenantId)).toEqual(await lessonsFromEvents(t, tenantId));
		expect(await stepSummaries(t, tenantId)).not.toEqual(steps);
	});

	it("events whose job was lost are folded once a teacher opens the view (it asks for a job when it sees pending events)", async () => {
		const lonely = await runtimeSchool(t, "Rowan Lost Job School");
		await joinStudent(t, lonely, 9201, "Lonely");
		const caller = keyCaller(lonely.key.id, lonely.admin.tenantId);
		// Stored without asking for a job, as if the enqueue had failed or the in-process queue had stopped.
		await ingestProgress(storeOnly(), caller, { batchId: randomUUID(), events: [event.answer(9201, lonely.lessonId, "q1", true, 10)] });
		const first = await request(t.app).get(`/v1/classes/${lonely.klass.id}/progress`).set(bearer(lonely.teacherA.token));
		expect(first.body).toEqual({ items: [], pendingEvents: 1 });
		await waitForAggregation(t, lonely.admin.tenantId);
		const later = await request(t.app).get(`/v1/classes/${lonely.klass.id}/progress`).set(bearer(lonely.teacherA.token));
		expect(later.body.pendingEvents).toBe(0);
		expect(later.body.items).toEqual([expect.objectContaining({ robloxUserId: 9201, stepId: "q1", attempts: 1, points: 10 })]);
	});

	it("triggers within one window make one job; a failing enqueue is logged, not thrown", async () => {
		const logger = pino({ level: "silent" });
		const queue = new InProcessJobQueue({ logger, deadLetters: { record: async () => undefined } });
		let runs = 0;
		queue.define({
			name: PROGRESS_AGGREGATE,
			version: 1,
			parse: (p) => p,
			handle: async () => {
				runs += 1;
			},
		});
		await queue.start();
		const trigger = aggregationTrigger(queue, logger);
		const tenantId = school.admin.tenantId;
		// The clock held in the middle of one window while the 20 triggers run, however slowly they run.
		const middle = (Math.floor(Date.now() / AGGREGATION_WINDOW_MS) + 0.5) * AGGREGATION_WINDOW_MS;
		const now = jest.spyOn(Date, "now").mockReturnValue(middle);
		try {
			await Promise.all(Array.from({ length: 20 }, () => trigger(tenantId)));
		} finally {
			now.mockRestore();
		}
		const deadline = Date.now() + 20_000;
		while (runs === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
		// close lets a running job finish: a second job, had there been one, was due at the same moment as the first.
		await queue.close();
		expect(runs).toBe(1);
		await expect(aggregationTrigger(queue, logger)(randomUUID())).resolves.toBeUndefined();
	});
});
