import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { seedLesson } from "../classes/__tests__/class-fixtures";
import { createKey } from "../tenancy/__tests__/tenancy-fixtures";
import { event, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { assignQuizLesson, pendingEvents } from "./__tests__/progress-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let other: RuntimeSchool;
let quiz: string;
const RETURNING = 7701;
const NEWCOMER = 7702;
const OTHER_SCHOOLS = 7703;

beforeAll(async () => {
	database = await createTestDatabase("student_progress");
	// No queue workers here: the resume route must count what was stored without waiting for a job.
	t = await startTestApp({ database });
	school = await runtimeSchool(t, "Hazel Resume School");
	other = await runtimeSchool(t, "Other Hazel School");
	quiz = await assignQuizLesson(t, school.teacherA.token, school.klass.id);
	await joinStudent(t, school, RETURNING, "Returning");
	await joinStudent(t, school, NEWCOMER, "Newcomer");
	await joinStudent(t, other, OTHER_SCHOOLS, "Elsewhere");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const resume = (robloxUserId: number | string, secret = school.key.secret) => request(t.app).get(`/v1/runtime/students/${robloxUserId}/progress`).set("X-Api-Key", secret);

describe("GET /v1/runtime/students/:robloxUserId/progress", () => {
	it("gives the steps done and the best points per question of the active lessons, counting events no job folded yet", async () => {
		const unassigned = await seedLesson(t, school.teacherA.token, ["1.0.0"]);
		const q = quiz;
		const played = [
			event.started(RETURNING, q),
			event.step(RETURNING, q, "intro", 900),
			event.step(RETURNING, q, "reach", 2500),
			event.answer(RETURNING, q, "q1", false, 0),
			event.step(RETURNING, q, "q1", 3000),
			// Stored, but its lesson is assigned to no class: not an active lesson.
			event.step(RETURNING, unassigned, "intro", 100),
		];
		expect((await sendBatch(t, school.key.secret, played)).body).toMatchObject({ accepted: played.length, rejected: [] });
		expect(await pendingEvents(t, school.admin.tenantId)).toBe(played.length);

		const res = await resume(RETURNING);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			robloxUserId: RETURNING,
			classIds: [school.klass.id],
			lessons: [
				{
					lessonId: q,
					score: 0,
					completed: false,
					steps: [
						{ stepId: "intro", completed: true, answered: false, points: 0 },
						{ stepId: "q1", completed: true, answered: true, points: 0 },
						{ stepId: "reach", completed: true, answered: false, points: 0 },
					],
				},
			],
		});
		// Folding the student's events for the answer left nothing of theirs pending.
		expect(await pendingEvents(t, school.admin.tenantId)).toBe(0);

		// Later, on another server: q2 answered right, the lesson completed.
		await sendBatch(t, school.key.secret, [
			event.answer(RETURNING, q, "q2", true, 5),
			event.step(RETURNING, q, "q2", 800),
			{ ...event.started(RETURNING, q), kind: "lesson_completed", score: 5 },
		]);
		const later = await resume(RETURNING);
		expect(later.body.lessons[0]).toMatchObject({ score: 5, completed: true });
		expect(later.body.lessons[0].steps).toContainEqual({ stepId: "q2", completed: true, answered: true, points: 5 });
	});

	it("a student with no progress gets an empty list", async () => {
		const res = await resume(NEWCOMER);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ robloxUserId: NEWCOMER, classIds: [school.klass.id], lessons: [] });
	});

	it("names the classes the student is on now: none once a teacher removed them (the game forgets the class)", async () => {
		const newcomer = await joinStudent(t, school, NEWCOMER, "Newcomer");
		const removed = await request(t.app).delete(`/v1/classes/${school.klass.id}/roster/${newcomer}`).set("Authorization", `Bearer ${school.teacherA.token}`);
		expect(removed.status).toBe(200);
		const res = await resume(NEWCOMER);
		expect(res.status).toBe(200);
		expect(res.body.classIds).toEqual([]);
		expect(await joinStudent(t, school, NEWCOMER, "Newcomer")).toBe(newcomer);
		expect((await resume(NEWCOMER)).body.classIds).toEqual([school.klass.id]);
	});

	it("404 for a Roblox user who is no student of the key's school (unknown, another school's, or not a number)", async () => {
		expect((await resume(99999999)).status).toBe(404);
		const foreign = await resume(OTHER_SCHOOLS);
		expect(foreign.status).toBe(404);
		expect(JSON.stringify(foreign.body)).not.toContain("Elsewhere");
		expect((await resume("12abc")).status).toBe(404);
		expect((await resume("0")).status).toBe(404);
		expect((await resume("99999999999999999999")).status).toBe(404);
		// The other school's key sees its own student.
		expect((await resume(OTHER_SCHOOLS, other.key.secret)).status).toBe(200);
	});

	it("needs the runtime:read scope", async () => {
		const writeOnly = await createKey(t, school.admin.token, ["progress:write"]);
		expect((await resume(RETURNING, writeOnly.secret)).status).toBe(403);
		expect((await request(t.app).get(`/v1/runtime/students/${RETURNING}/progress`)).status).toBe(401);
	});
});
