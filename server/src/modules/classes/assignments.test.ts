import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { auditActions, bearer, signupSchool, systemQuery, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { classSchool, createClassAs, seedLesson, type ClassSchool } from "./__tests__/class-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: ClassSchool;
let other: SchoolAdmin;
let classId: string;
/** Versions 1.0.0 and 1.1.0; 1.0.0 published. */
let lessonId: string;

beforeAll(async () => {
	database = await createTestDatabase("class_assignments");
	t = await startTestApp({ database });
	school = await classSchool(t, "Cedar Assignments School");
	other = await signupSchool(t, "Other Assignments School");
	classId = (await createClassAs(t, school.teacherA.token, { name: "Assigned class" })).id;
	// Another teacher's lesson: every published lesson of the school can be assigned.
	lessonId = await seedLesson(t, school.teacherB.token, ["1.0.0", "1.1.0"], "1.0.0");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const assign = (token: string, target: string, body: object) => request(t.app).post(`/v1/classes/${target}/assignments`).set(bearer(token)).send(body);

describe("assigning lessons to a class", () => {
	it("assigns the published version, lists it with the lesson's title, and audits it", async () => {
		const res = await assign(school.teacherA.token, classId, { lessonId, version: "1.0.0" });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ classId, lessonId, version: "1.0.0", lessonTitle: "Fractions on a number line", assignedByUserId: school.teacherA.userId });
		const list = await request(t.app).get(`/v1/classes/${classId}/assignments`).set(bearer(school.teacherA.token));
		expect(list.status).toBe(200);
		expect(list.body.items).toEqual([expect.objectContaining({ lessonId, version: "1.0.0" })]);
		expect(await auditActions(t, school.admin.tenantId)).toContain("class.assignment_added");
	});

	it("refuses a version that is not the published one (422 at /version), and an unknown version (404)", async () => {
		const draft = await assign(school.teacherA.token, classId, { lessonId, version: "1.1.0" });
		expect(draft.status).toBe(422);
		expect(draft.body.error.details.issues).toEqual([expect.objectContaining({ path: "/version", code: "not_published" })]);
		expect((await assign(school.teacherA.token, classId, { lessonId, version: "9.9.9" })).status).toBe(404);
	});

	it("refuses every version of a lesson never published", async () => {
		const unpublished = await seedLesson(t, school.teacherA.token, ["1.0.0"]);
		const res = await assign(school.teacherA.token, classId, { lessonId: unpublished, version: "1.0.0" });
		expect(res.status).toBe(422);
		const rows = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM class_assignments WHERE lesson_id = $1", [unpublished]);
		expect(rows[0]?.n).toBe(0);
	});

	it("assigning the lesson again after a new publish replaces the version (200), one row per class and lesson", async () => {
		const published = await request(t.app).post(`/v1/lessons/${lessonId}/versions/1.1.0/publish`).set(bearer(school.teacherB.token)).send({});
		expect(published.status).toBe(200);
		const res = await assign(school.teacherA.token, classId, { lessonId, version: "1.1.0" });
		expect(res.status).toBe(200);
		expect(res.body.version).toBe("1.1.0");
		const rows = await systemQuery<{ lesson_version: string }>(t, "SELECT lesson_version FROM class_assignments WHERE class_id = $1 AND lesson_id = $2", [classId, lessonId]);
		expect(rows).toEqual([{ lesson_version: "1.1.0" }]);
	});

	it("another school's lesson is not found, and nothing is assigned", async () => {
		const foreign = await seedLesson(t, other.token, ["1.0.0"], "1.0.0");
		const res = await assign(school.teacherA.token, classId, { lessonId: foreign, version: "1.0.0" });
		expect(res.status).toBe(404);
		const rows = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM class_assignments WHERE lesson_id = $1", [foreign]);
		expect(rows[0]?.n).toBe(0);
	});

	it("another teacher, another school and a student cannot assign to the class or see its assignments", async () => {
		expect((await assign(school.teacherB.token, classId, { lessonId, version: "1.1.0" })).status).toBe(404);
		expect((await assign(other.token, classId, { lessonId, version: "1.1.0" })).status).toBe(404);
		expect((await assign(school.student.token, classId, { lessonId, version: "1.1.0" })).status).toBe(403);
		expect((await request(t.app).get(`/v1/classes/${classId}/assignments`).set(bearer(school.teacherB.token))).status).toBe(404);
		expect((await request(t.app).get(`/v1/classes/${classId}/assignments`).set(bearer(other.token))).status).toBe(404);
		expect((await request(t.app).delete(`/v1/classes/${classId}/assignments/${lessonId}`).set(bearer(school.teacherB.token))).status).toBe(404);
	});

	it("the tenant_admin assigns to any teacher's class", async () => {
		const second = await seedLesson(t, school.admin.token, ["2.0.0"], "2.0.0");
		const res = await assign(school.admin.token, classId, { lessonId: second, version: "2.0.0" });
		expect(res.status).toBe(201);
		expect(res.body.assignedByUserId).toBe(school.admin.userId);
		const del = await request(t.app).delete(`/v1/classes/${classId}/assignments/${second}`).set(bearer(school.admin.token));
		expect(del.status).toBe(200);
	});

	it("an archived class takes no new assignments", async () => {
		const archived = await createClassAs(t, school.teacherA.token, { name: "Archived" });
		await request(t.app).patch(`/v1/classes/${archived.id}`).set(bearer(school.teacherA.token)).send({ archived: true });
		expect((await assign(school.teacherA.token, archived.id, { lessonId, version: "1.1.0" })).status).toBe(409);
	});

	it("removes an assignment; removing it again is 404", async () => {
		const del = await request(t.app).delete(`/v1/classes/${classId}/assignments/${lessonId}`).set(bearer(school.teacherA.token));
		expect(del.status).toBe(200);
		expect(del.body).toEqual({ classId, lessonId, status: "removed" });
		const list = await request(t.app).get(`/v1/classes/${classId}/assignments`).set(bearer(school.teacherA.token));
		expect(list.body.items).toEqual([]);
		expect((await request(t.app).delete(`/v1/classes/${classId}/assignments/${lessonId}`).set(bearer(school.teacherA.token))).status).toBe(404);
	});
});
