import { QueryTypes } from "sequelize";
import request from "supertest";
import { withTenant } from "../../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer } from "../tenancy/__tests__/tenancy-fixtures";
import { event, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { assignQuizLesson, waitForAggregation } from "./__tests__/progress-fixtures";

/**
 * The teacher's progress views beyond the table: what "completed" means (every step of the assigned version, never
 * a lesson_completed event alone), the per-lesson summary, a student's page and answers, and taking a student off
 * the roster (their progress stays, the class stops counting them).
 */
let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let other: RuntimeSchool;
let quiz: string;
const ids: Record<string, string> = {};
const ANA = 7101;
const BEN = 7102;
const CAL = 7103;
const DEV = 7104;

const get = (token: string, path: string, query: Record<string, string> = {}) => request(t.app).get(path).query(query).set(bearer(token));
const rowOf = (items: Array<Record<string, unknown>>, studentUserId: string, lessonId: string) => items.find((r) => r.studentUserId === studentUserId && r.lessonId === lessonId);

beforeAll(async () => {
	database = await createTestDatabase("class_progress_views");
	t = await startTestApp({ database });
	await t.infra.queue.start();
	school = await runtimeSchool(t, "Birch Views School");
	other = await runtimeSchool(t, "Other Birch School");
	ids.ana = await joinStudent(t, school, ANA, "Ana");
	ids.ben = await joinStudent(t, school, BEN, "Ben");
	ids.cal = await joinStudent(t, school, CAL, "Cal");
	ids.dev = await joinStudent(t, school, DEV, "Dev");
	// intro, reach, q1 (10 points), q2 (5 points): version 1.0.0.
	quiz = await assignQuizLesson(t, school.teacherA.token, school.klass.id);
	const q = quiz;
	const completedEvent = (robloxUserId: number) => ({ ...event.started(robloxUserId, q), kind: "lesson_completed", score: 0 });
	const played = [
		// Ana: every step, 15 of 15.
		event.started(ANA, q),
		event.step(ANA, q, "intro", 1000),
		event.step(ANA, q, "reach", 1000),
		{ ...event.answer(ANA, q, "q1", true, 10), answer: { correct: true, points: 10, choiceIds: ["b"] } },
		event.step(ANA, q, "q1", 1000),
		{ ...event.answer(ANA, q, "q2", true, 5), answer: { correct: true, points: 5, numeric: 4 } },
		event.step(ANA, q, "q2", 1000),
		completedEvent(ANA),
		// Ben: every step, the first question wrong: completed with 5 of 15 (a low score does not undo completion).
		event.started(BEN, q),
		event.step(BEN, q, "intro", 1000),
		event.step(BEN, q, "reach", 1000),
		{ ...event.answer(BEN, q, "q1", false, 0), answer: { correct: false, points: 0, choiceIds: ["a"] } },
		event.step(BEN, q, "q1", 1000),
		event.answer(BEN, q, "q2", true, 5),
		event.step(BEN, q, "q2", 1000),
		// Cal: the game said lesson_completed after two of four steps and no points (what a teacher saw as
		// "Completed: Yes" beside 2/3 and 0/10): not completed.
		event.started(CAL, q),
		event.step(CAL, q, "intro", 1000),
		event.step(CAL, q, "reach", 1000),
		completedEvent(CAL),
		// Dev has not started.
	];
	expect((await sendBatch(t, school.key.secret, played)).body).toMatchObject({ accepted: played.length, rejected: [] });
	await waitForAggregation(t, school.admin.tenantId);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("completed: every step of the assigned version", () => {
	it("a lesson_completed event without every step is not completed; a low score with every step is", async () => {
		const res = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/lessons`, { limit: "500" });
		expect(res.status).toBe(200);
		const items = res.body.items as Array<Record<string, unknown>>;
		expect(rowOf(items, ids.cal, quiz)).toMatchObject({ stepsCompleted: 2, totalSteps: 4, score: 0, maxScore: 15, completed: false });
		expect(rowOf(items, ids.cal, quiz)?.completedAt).toBeUndefined();
		expect(rowOf(items, ids.ben, quiz)).toMatchObject({ stepsCompleted: 4, totalSteps: 4, score: 5, completed: true, completedAt: "2026-11-25T13:09:16.123Z" });
		expect(rowOf(items, ids.ana, quiz)).toMatchObject({ stepsCompleted: 4, score: 15, completed: true });
		// The rule the numbers follow, everywhere: completed exactly when every step is done.
		for (const row of items) expect(row.completed).toBe(row.stepsCompleted === row.totalSteps);
	});

	it("completing another version does not count: a class moved to a version with one more step shows the student not completed", async () => {
		const lesson = await request(t.app).post("/v1/classes").set(bearer(school.teacherA.token)).send({ name: "Version move" });
		expect(lesson.status).toBe(201);
		const moved = lesson.body.id as string;
		const versionTwo = await assignQuizLesson(t, school.teacherA.token, moved);
		const auth = bearer(school.teacherA.token);
		const content = (await request(t.app).get(`/v1/lessons/${versionTwo}/versions/1.0.0`).set(auth)).body.content;
		const more = { ...content, steps: [...content.steps, { kind: "instruction", id: "wrap", text: "Well done." }] };
		expect((await request(t.app).post(`/v1/lessons/${versionTwo}/versions`).set(auth).send({ version: "2.0.0", content: more })).status).toBe(201);
		expect((await request(t.app).post(`/v1/lessons/${versionTwo}/versions/2.0.0/publish`).set(auth).send({})).status).toBe(200);
		const join = await request(t.app).get(`/v1/classes/${moved}`).set(auth);
		const joined = await request(t.app)
			.post("/v1/runtime/classes/join")
			.set("X-Api-Key", school.key.secret)
			.send({ joinCode: join.body.joinCode, robloxUserId: 7199, displayName: "Eve" });
		expect(joined.status).toBe(200);
		const v = versionTwo;
		const playedV1 = ["intro", "reach", "q1", "q2"].map((step) => ({ ...event.step(7199, v, step, 100), version: "1.0.0" }));
		const finished = { ...event.started(7199, v), kind: "lesson_completed", score: 15, version: "1.0.0" };
		expect((await sendBatch(t, school.key.secret, [...playedV1, finished])).body).toMatchObject({ rejected: [] });
		await waitForAggregation(t, school.admin.tenantId);
		const before = await get(school.teacherA.token, `/v1/classes/${moved}/progress/lessons`);
		expect(before.body.items[0]).toMatchObject({ version: "1.0.0", stepsCompleted: 4, totalSteps: 4, completed: true });

		expect((await request(t.app).post(`/v1/classes/${moved}/assignments`).set(auth).send({ lessonId: v, version: "2.0.0" })).status).toBe(200);
		const after = await get(school.teacherA.token, `/v1/classes/${moved}/progress/lessons`);
		expect(after.body.items[0]).toMatchObject({ version: "2.0.0", stepsCompleted: 4, totalSteps: 5, completed: false });
		const summary = await get(school.teacherA.token, `/v1/classes/${moved}/progress/summary`);
		expect(summary.body.items[0]).toMatchObject({ students: 1, started: 1, completed: 0, completionPercent: 0 });
	});
});

describe("GET /v1/classes/:classId/progress/summary", () => {
	it("per assigned lesson: students on the roster, started, completed, completion % and the started students' average", async () => {
		const res = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/summary`);
		expect(res.status).toBe(200);
		expect(res.body.pendingEvents).toBe(0);
		const items = res.body.items as Array<Record<string, unknown>>;
		// Ordered as assigned: the school's first lesson, then the quiz.
		expect(items.map((item) => item.lessonId)).toEqual([school.lessonId, quiz]);
		expect(items[1]).toEqual({
			lessonId: quiz,
			lessonTitle: "Halves and quarters",
			version: "1.0.0",
			totalSteps: 4,
			maxScore: 15,
			students: 4,
			started: 3,
			completed: 2,
			completionPercent: 50,
			// (15 + 5 + 0) / 3 started
			averageScore: 6.7,
			averageScorePercent: 44.4,
		});
		expect(items[0]).toMatchObject({ students: 4, started: 0, completed: 0, completionPercent: 0, averageScore: 0 });
	});

	it("agrees with the table row by row", async () => {
		const table = (await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/lessons`, { limit: "500" })).body.items as Array<{
			lessonId: string;
			completed: boolean;
		}>;
		const summary = (await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/summary`)).body.items as Array<{
			lessonId: string;
			completed: number;
			students: number;
		}>;
		for (const lesson of summary) {
			const rows = table.filter((row) => row.lessonId === lesson.lessonId);
			expect(lesson.students).toBe(rows.length);
			expect(lesson.completed).toBe(rows.filter((row) => row.completed).length);
		}
	});

	it("pages by cursor; refuses garbage; another teacher, a student and another school are refused", async () => {
		const first = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/summary`, { limit: "1" });
		expect(first.body.items).toHaveLength(1);
		const second = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/summary`, { limit: "1", cursor: first.body.nextCursor });
		expect(second.body.items.map((i: { lessonId: string }) => i.lessonId)).toEqual([quiz]);
		expect(second.body.nextCursor).toBeUndefined();
		expect((await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/summary`, { cursor: "garbage!" })).status).toBe(400);
		expect((await get(school.admin.token, `/v1/classes/${school.klass.id}/progress/summary`)).status).toBe(200);
		expect((await get(school.teacherB.token, `/v1/classes/${school.klass.id}/progress/summary`)).status).toBe(404);
		expect((await get(school.student.token, `/v1/classes/${school.klass.id}/progress/summary`)).status).toBe(403);
		const foreign = await get(other.admin.token, `/v1/classes/${school.klass.id}/progress/summary`);
		expect(foreign.status).toBe(404);
		expect(JSON.stringify(foreign.body)).not.toContain(quiz);
	});
});

describe("a student's page", () => {
	it("every assigned lesson with the table's numbers", async () => {
		const res = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/students/${ids.cal}/progress`);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ studentUserId: ids.cal, displayName: "Cal", robloxUserId: CAL, pendingEvents: 0 });
		expect(res.body.lessons.map((l: { lessonId: string }) => l.lessonId)).toEqual([school.lessonId, quiz]);
		const table = (await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/lessons`, { limit: "500" })).body.items;
		expect(res.body.lessons[1]).toEqual(rowOf(table, ids.cal, quiz));
	});

	it("answers newest first with the question and the answer in words, paged", async () => {
		const res = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/students/${ids.ana}/answers`);
		expect(res.status).toBe(200);
		const byStep = Object.fromEntries((res.body.items as Array<{ stepId: string }>).map((a) => [a.stepId, a]));
		expect(byStep.q1).toEqual({
			eventId: expect.any(String),
			lessonId: quiz,
			version: "1.0.0",
			stepId: "q1",
			prompt: "Larger?",
			answer: "B",
			correct: true,
			points: 10,
			hintsUsed: 0,
			timedOut: false,
			occurredAt: "2026-11-25T13:09:16.123Z",
		});
		expect(byStep.q2).toMatchObject({ prompt: "Half of 8?", answer: "4", points: 5 });
		const first = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/students/${ids.ana}/answers`, { limit: "1" });
		const second = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/students/${ids.ana}/answers`, { limit: "1", cursor: first.body.nextCursor });
		expect([...first.body.items, ...second.body.items]).toEqual(res.body.items);
		expect(second.body.nextCursor).toBeUndefined();
		expect((await get(school.teacherA.token, `/v1/classes/${school.klass.id}/students/${ids.ana}/answers`, { cursor: "x" })).status).toBe(400);
	});

	it("someone not on the roster, another teacher and another school answer 404", async () => {
		const elsewhere = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/students/${school.teacherA.userId}/progress`);
		expect(elsewhere.status).toBe(404);
		expect((await get(school.teacherB.token, `/v1/classes/${school.klass.id}/students/${ids.ana}/progress`)).status).toBe(404);
		expect((await get(school.teacherB.token, `/v1/classes/${school.klass.id}/students/${ids.ana}/answers`)).status).toBe(404);
		const foreign = await get(other.admin.token, `/v1/classes/${school.klass.id}/students/${ids.ana}/answers`);
		expect(foreign.status).toBe(404);
		expect(JSON.stringify(foreign.body)).not.toContain("Larger?");
	});
});

describe("DELETE /v1/classes/:classId/roster/:studentUserId", () => {
	const remove = (token: string, studentUserId: string) => request(t.app).delete(`/v1/classes/${school.klass.id}/roster/${studentUserId}`).set(bearer(token));
	const progressRows = (userId: string) =>
		withTenant(t.infra.db, school.admin.tenantId, (transaction) =>
			t.infra.db.query<{ n: number }>(
				"SELECT (SELECT count(*) FROM progress_events WHERE student_user_id = $1) + (SELECT count(*) FROM progress_lesson_summaries WHERE student_user_id = $1) AS n",
				{ bind: [userId], type: QueryTypes.SELECT, transaction },
			),
		);

	it("only the class's teacher or an admin; a student gets 403, another teacher and another school 404", async () => {
		expect((await remove(school.student.token, ids.ben)).status).toBe(403);
		expect((await remove(school.teacherB.token, ids.ben)).status).toBe(404);
		expect((await request(t.app).delete(`/v1/classes/${school.klass.id}/roster/${ids.ben}`).set(bearer(other.admin.token))).status).toBe(404);
		const roster = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/roster`);
		expect(roster.body.items.map((s: { userId: string }) => s.userId)).toContain(ids.ben);
	});

	it("takes the student off the roster and out of the class's numbers; their progress and school membership stay; audited in words", async () => {
		const [kept] = await progressRows(ids.ben);
		const res = await remove(school.teacherA.token, ids.ben);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ classId: school.klass.id, studentUserId: ids.ben, status: "removed" });

		const roster = await get(school.teacherA.token, `/v1/classes/${school.klass.id}/roster`);
		expect(roster.body.items.map((s: { userId: string }) => s.userId)).not.toContain(ids.ben);
		const summary = (await get(school.teacherA.token, `/v1/classes/${school.klass.id}/progress/summary`)).body.items[1];
		expect(summary).toMatchObject({ students: 3, started: 2, completed: 1, completionPercent: 33.3, averageScore: 7.5 });
		expect((await get(school.teacherA.token, `/v1/classes/${school.klass.id}/students/${ids.ben}/progress`)).status).toBe(404);
		expect(await progressRows(ids.ben)).toEqual([kept]);
		expect(Number(kept?.n)).toBeGreaterThan(0);
		const [membership] = await withTenant(t.infra.db, school.admin.tenantId, (transaction) =>
			t.infra.db.query<{ role: string }>("SELECT role FROM memberships WHERE user_id = $1", { bind: [ids.ben], type: QueryTypes.SELECT, transaction }),
		);
		expect(membership?.role).toBe("student");

		// The game no longer counts them in the class: an event naming the class is not the class's.
		const late = { ...event.started(BEN, quiz), classId: school.klass.id };
		expect((await sendBatch(t, school.key.secret, [late])).body).toMatchObject({ accepted: 1 });
		const [stored] = await withTenant(t.infra.db, school.admin.tenantId, (transaction) =>
			t.infra.db.query<{ class_id: string | null }>("SELECT class_id FROM progress_events WHERE event_id = $1", { bind: [late.eventId], type: QueryTypes.SELECT, transaction }),
		);
		expect(stored?.class_id).toBeNull();
		await waitForAggregation(t, school.admin.tenantId);

		const audit = await get(school.admin.token, "/v1/audit-events", { action: "class.student_removed" });
		expect(audit.status).toBe(200);
		const entry = (audit.body.items as Array<{ action: string; sentence?: string }>).find((e) => e.action === "class.student_removed");
		expect(entry?.sentence).toMatch(/ removed Ben from the class Birch Views School class\.$/);

		expect((await remove(school.teacherA.token, ids.ben)).status).toBe(404);
	});

	it("a school admin may remove from any class", async () => {
		expect((await remove(school.admin.token, ids.dev)).status).toBe(200);
	});
});
