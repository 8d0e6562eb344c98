import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer } from "../tenancy/__tests__/tenancy-fixtures";
import { createClassAs } from "../classes/__tests__/class-fixtures";
import { event, joinAs, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { assignQuizLesson, waitForAggregation } from "./__tests__/progress-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let other: RuntimeSchool;
let alice: string;
let bob: string;
const ALICE = 8001;
const BOB = 8002;
const ELSEWHERE = 8003;

beforeAll(async () => {
	database = await createTestDatabase("class_progress");
	t = await startTestApp({ database });
	await t.infra.queue.start();
	school = await runtimeSchool(t, "Oak Progress School");
	other = await runtimeSchool(t, "Other Oak School");
	alice = await joinStudent(t, school, ALICE, "Alice");
	bob = await joinStudent(t, school, BOB, "Bob");
	// A student of the school in another class: not in this class's numbers.
	const otherClass = await createClassAs(t, school.teacherB.token, { name: "Other class" });
	await joinAs(t, school.key.secret, { joinCode: otherClass.joinCode, robloxUserId: ELSEWHERE, displayName: "Elsewhere" }).expect(200);
	const l = school.lessonId;
	const answers = [
		event.started(ALICE, l),
		event.answer(ALICE, l, "q1", false, 0),
		event.answer(ALICE, l, "q1", true, 10),
		event.answer(ALICE, l, "q1", true, 10),
		event.step(ALICE, l, "intro", 1500),
		event.step(ALICE, l, "intro", 500),
		event.answer(BOB, l, "q1", true, 7.5),
		event.answer(ELSEWHERE, l, "q1", true, 10),
	];
	const first = await sendBatch(t, school.key.secret, answers);
	expect(first.body).toMatchObject({ accepted: 8, rejected: [] });
	// A retry of the same events must not change any number below.
	expect((await sendBatch(t, school.key.secret, answers)).body).toMatchObject({ accepted: 0, duplicates: 8 });
	await waitForAggregation(t, school.admin.tenantId);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const progress = (token: string, classId: string, query: Record<string, string> = {}) => request(t.app).get(`/v1/classes/${classId}/progress`).query(query).set(bearer(token));

describe("GET /v1/classes/:classId/progress", () => {
	it("per student, lesson and step: attempts, correct, points, time; only the class's students", async () => {
		const res = await progress(school.teacherA.token, school.klass.id);
		expect(res.status).toBe(200);
		const rows = res.body.items as Array<Record<string, unknown>>;
		const row = (userId: string, stepId: string) => rows.find((r) => r.studentUserId === userId && r.stepId === stepId);
		expect(row(alice, "q1")).toEqual({
			studentUserId: alice,
			displayName: "Alice",
			robloxUserId: ALICE,
			lessonId: school.lessonId,
			stepId: "q1",
			attempts: 3,
			correct: 2,
			points: 20,
			timeMs: 0,
			completed: false,
			hintsUsed: 0,
			timeouts: 0,
		});
		expect(row(alice, "intro")).toMatchObject({ attempts: 0, correct: 0, points: 0, timeMs: 2000, completed: true });
		expect(row(bob, "q1")).toMatchObject({ displayName: "Bob", attempts: 1, correct: 1, points: 7.5 });
		expect(rows).toHaveLength(3);
		expect(JSON.stringify(res.body)).not.toContain("Elsewhere");
		expect(res.body.nextCursor).toBeUndefined();
		expect(res.body.pendingEvents).toBe(0);
	});

	it("pages with limit and cursor, in a stable order, without gaps or repeats", async () => {
		const all = (await progress(school.teacherA.token, school.klass.id)).body.items;
		const seen: unknown[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < 5; page += 1) {
			const res = await progress(school.teacherA.token, school.klass.id, { limit: "1", ...(cursor === undefined ? {} : { cursor }) });
			expect(res.status).toBe(200);
			seen.push(...res.body.items);
			cursor = res.body.nextCursor;
			if (cursor === undefined) break;
		}
		expect(seen).toEqual(all);
		expect((await progress(school.teacherA.token, school.klass.id, { cursor: "garbage!" })).status).toBe(400);
		expect((await progress(school.teacherA.token, school.klass.id, { limit: "0" })).status).toBe(400);
	});

	it("the school's admin sees every class; another teacher, a student and another school get 404 or 403", async () => {
		expect((await progress(school.admin.token, school.klass.id)).body.items).toHaveLength(3);
		expect((await progress(school.teacherB.token, school.klass.id)).status).toBe(404);
		expect((await progress(school.student.token, school.klass.id)).status).toBe(403);
		const foreign = await progress(other.admin.token, school.klass.id);
		expect(foreign.status).toBe(404);
		expect(JSON.stringify(foreign.body)).not.toContain(alice);
	});
});

describe("GET /v1/classes/:classId/progress/lessons", () => {
	const lessons = (token: string, classId: string, query: Record<string, string> = {}) =>
		request(t.app).get(`/v1/classes/${classId}/progress/lessons`).query(query).set(bearer(token));
	let quiz: string;

	beforeAll(async () => {
		quiz = await assignQuizLesson(t, school.teacherA.token, school.klass.id);
		const q = quiz;
		const played = [
			event.started(ALICE, q),
			event.step(ALICE, q, "intro", 1000),
			event.step(ALICE, q, "reach", 3000),
			event.answer(ALICE, q, "q1", false, 0),
			event.answer(ALICE, q, "q1", true, 10),
			event.step(ALICE, q, "q1", 2000),
			// The same question scored again on another server: the rollup keeps its best, not the sum.
			event.answer(ALICE, q, "q1", true, 10),
			event.answer(ALICE, q, "q2", true, 5),
			event.step(ALICE, q, "q2", 500),
			// A step the assigned version does not have (an older version's) is not one of its steps.
			event.step(ALICE, q, "old-step", 700),
			{ ...event.started(ALICE, q), kind: "lesson_completed", score: 25 },
			event.started(BOB, q),
			event.step(BOB, q, "intro", 400),
			{ ...event.answer(BOB, q, "q1", false, 0), timedOut: true, hintsUsed: 2 },
		];
		expect((await sendBatch(t, school.key.secret, played)).body).toMatchObject({ accepted: played.length, rejected: [] });
		await waitForAggregation(t, school.admin.tenantId);
	});

	it("per student on the roster and assigned lesson: steps of the assigned version, best score of its maximum, completed, time", async () => {
		const res = await lessons(school.teacherA.token, school.klass.id);
		expect(res.status).toBe(200);
		expect(res.body.pendingEvents).toBe(0);
		const row = (userId: string, lessonId: string) => (res.body.items as Array<Record<string, unknown>>).find((r) => r.studentUserId === userId && r.lessonId === lessonId);
		expect(row(alice, quiz)).toEqual({
			studentUserId: alice,
			displayName: "Alice",
			robloxUserId: ALICE,
			lessonId: quiz,
			version: "1.0.0",
			stepsCompleted: 4,
			totalSteps: 4,
			score: 15,
			maxScore: 15,
			completed: true,
			completedAt: "2026-11-25T13:09:16.123Z",
			timeMs: 6500,
			lastSeenAt: "2026-11-25T13:09:16.123Z",
		});
		expect(row(bob, quiz)).toMatchObject({ stepsCompleted: 1, totalSteps: 4, score: 0, maxScore: 15, completed: false, timeMs: 400 });
		expect(row(bob, quiz)?.completedAt).toBeUndefined();
		// The first lesson (one instruction step, intro): Alice completed it; her points for q1, a question that version
		// does not have, do not count in its score.
		expect(row(alice, school.lessonId)).toMatchObject({ stepsCompleted: 1, totalSteps: 1, score: 0, maxScore: 0, completed: true, timeMs: 2000 });
		expect(row(bob, school.lessonId)).toMatchObject({ stepsCompleted: 0, totalSteps: 1, completed: false });
		expect(res.body.items).toHaveLength(4);
		expect(JSON.stringify(res.body)).not.toContain("Elsewhere");

		// The step view shows Bob's time-out and hints.
		const steps = await progress(school.teacherA.token, school.klass.id, { limit: "500" });
		expect((steps.body.items as Array<Record<string, unknown>>).find((r) => r.studentUserId === bob && r.lessonId === quiz && r.stepId === "q1")).toMatchObject({
			attempts: 1,
			correct: 0,
			timeouts: 1,
			hintsUsed: 2,
		});
	});

	it("a student who has not started shows zeros", async () => {
		const carol = await joinStudent(t, school, 8004, "Carol");
		const res = await lessons(school.teacherA.token, school.klass.id, { limit: "500" });
		const rows = (res.body.items as Array<Record<string, unknown>>).filter((r) => r.studentUserId === carol);
		expect(rows).toHaveLength(2);
		for (const r of rows) expect(r).toMatchObject({ stepsCompleted: 0, score: 0, completed: false, timeMs: 0 });
		expect(rows.every((r) => r.lastSeenAt === undefined)).toBe(true);
	});

	it("pages without gaps or repeats; refuses another view's cursor; another teacher and another school get 404", async () => {
		const all = (await lessons(school.teacherA.token, school.klass.id, { limit: "500" })).body.items;
		const seen: unknown[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < 10; page += 1) {
			const res = await lessons(school.teacherA.token, school.klass.id, { limit: "1", ...(cursor === undefined ? {} : { cursor }) });
			seen.push(...res.body.items);
			cursor = res.body.nextCursor;
			if (cursor === undefined) break;
		}
		expect(seen).toEqual(all);
		const stepCursor = (await progress(school.teacherA.token, school.klass.id, { limit: "1" })).body.nextCursor;
		expect((await lessons(school.teacherA.token, school.klass.id, { cursor: stepCursor })).status).toBe(400);
		expect((await lessons(school.teacherB.token, school.klass.id)).status).toBe(404);
		expect((await lessons(school.student.token, school.klass.id)).status).toBe(403);
		expect((await lessons(other.admin.token, school.klass.id)).status).toBe(404);
	});
});
