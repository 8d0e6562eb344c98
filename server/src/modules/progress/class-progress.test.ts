import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer } from "../tenancy/__tests__/tenancy-fixtures";
import { createClassAs } from "../classes/__tests__/class-fixtures";
import { event, joinAs, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";

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
		expect(row(alice, "q1")).toEqual({ studentUserId: alice, displayName: "Alice", robloxUserId: ALICE, lessonId: school.lessonId, stepId: "q1", attempts: 3, correct: 2, points: 20, timeMs: 0, completed: false });
		expect(row(alice, "intro")).toMatchObject({ attempts: 0, correct: 0, points: 0, timeMs: 2000, completed: true });
		expect(row(bob, "q1")).toMatchObject({ displayName: "Bob", attempts: 1, correct: 1, points: 7.5 });
		expect(rows).toHaveLength(3);
		expect(JSON.stringify(res.body)).not.toContain("Elsewhere");
		expect(res.body.nextCursor).toBeUndefined();
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
