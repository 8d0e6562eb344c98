import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { classSchool, createClassAs, seedLesson, type ClassSchool } from "../classes/__tests__/class-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: ClassSchool;
/** Teacher A's lesson: 1.0.0 (published), 1.1.0, 1.2.0 uploaded. */
let lessonId: string;
let classA1: string;
let classA2: string;
let classB: string;
let classUnassigned: string;

beforeAll(async () => {
	database = await createTestDatabase("lesson_publish_classes");
	t = await startTestApp({ database });
	school = await classSchool(t, "Birch Publish School");
	lessonId = await seedLesson(t, school.teacherA.token, ["1.0.0", "1.1.0", "1.2.0"], "1.0.0");
	classA1 = (await createClassAs(t, school.teacherA.token, { name: "A first" })).id;
	classA2 = (await createClassAs(t, school.teacherA.token, { name: "A second" })).id;
	classB = (await createClassAs(t, school.teacherB.token, { name: "B only" })).id;
	classUnassigned = (await createClassAs(t, school.teacherA.token, { name: "A empty" })).id;
	for (const [token, classId] of [
		[school.teacherA.token, classA1],
		[school.teacherA.token, classA2],
		[school.teacherB.token, classB],
	] as const) {
		const res = await request(t.app).post(`/v1/classes/${classId}/assignments`).set(bearer(token)).send({ lessonId, version: "1.0.0" });
		expect(res.status).toBe(201);
	}
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const publish = (token: string, version: string, body: object) => request(t.app).post(`/v1/lessons/${lessonId}/versions/${version}/publish`).set(bearer(token)).send(body);

async function versionsByClass(): Promise<Record<string, string>> {
	const rows = await systemQuery<{ class_id: string; lesson_version: string }>(t, "SELECT class_id, lesson_version FROM class_assignments WHERE lesson_id = $1", [lessonId]);
	return Object.fromEntries(rows.map((row) => [row.class_id, row.lesson_version]));
}

describe("GET /v1/lessons/{id}/classes", () => {
	it("lists a teacher's own classes with their versions and counts the others; an admin sees every class", async () => {
		const mine = await request(t.app).get(`/v1/lessons/${lessonId}/classes`).set(bearer(school.teacherA.token));
		expect(mine.status).toBe(200);
		expect(mine.body).toEqual({
			items: [
				{ classId: classA1, className: "A first", teacherUserId: school.teacherA.userId, version: "1.0.0", mine: true },
				{ classId: classA2, className: "A second", teacherUserId: school.teacherA.userId, version: "1.0.0", mine: true },
			],
			hiddenClasses: 1,
		});
		const all = await request(t.app).get(`/v1/lessons/${lessonId}/classes`).set(bearer(school.admin.token));
		expect(all.body.items.map((item: { classId: string; mine: boolean }) => [item.classId, item.mine])).toEqual([
			[classA1, false],
			[classA2, false],
			[classB, false],
		]);
		expect(all.body.hiddenClasses).toBe(0);
		expect((await request(t.app).get(`/v1/lessons/${lessonId}/classes`).set(bearer(school.student.token))).status).toBe(403);
	});
});

describe("publishing with the classes to move", () => {
	it("moves only the classes named, audits each move, and leaves the others on their version", async () => {
		const res = await publish(school.teacherA.token, "1.1.0", { moveClassIds: [classA1] });
		expect(res.status).toBe(200);
		expect(res.body.movedClassIds).toEqual([classA1]);
		expect(res.body.version.publishedAt).toEqual(expect.any(String));
		expect(await versionsByClass()).toEqual({ [classA1]: "1.1.0", [classA2]: "1.0.0", [classB]: "1.0.0" });
		const audits = await systemQuery<{ target_id: string; details: Record<string, string> }>(
			t,
			"SELECT target_id, details FROM audit_events WHERE tenant_id = $1 AND action = 'class.assignment_moved'",
			[school.admin.tenantId],
		);
		expect(audits).toEqual([{ target_id: classA1, details: { lessonId, fromVersion: "1.0.0", toVersion: "1.1.0" } }]);
	});

	it("without moveClassIds no class changes (assignments pin their version)", async () => {
		const res = await publish(school.teacherA.token, "1.2.0", {});
		expect(res.status).toBe(200);
		expect(res.body.movedClassIds).toBeUndefined();
		expect(await versionsByClass()).toEqual({ [classA1]: "1.1.0", [classA2]: "1.0.0", [classB]: "1.0.0" });
	});

	it("refuses another teacher's class (404) and a class without the lesson (422), publishing nothing", async () => {
		const foreign = await publish(school.teacherA.token, "1.1.0", { moveClassIds: [classB] });
		expect(foreign.status).toBe(404);
		const unassigned = await publish(school.teacherA.token, "1.1.0", { moveClassIds: [classA2, classUnassigned] });
		expect(unassigned.status).toBe(422);
		expect(unassigned.body.error.details.issues).toEqual([expect.objectContaining({ path: "/moveClassIds/1", code: "not_assigned" })]);
		const lesson = await request(t.app).get(`/v1/lessons/${lessonId}`).set(bearer(school.teacherA.token));
		expect(lesson.body.publishedVersion).toBe("1.2.0");
		expect(await versionsByClass()).toEqual({ [classA1]: "1.1.0", [classA2]: "1.0.0", [classB]: "1.0.0" });
	});

	it("a school admin moves any teacher's class", async () => {
		const res = await publish(school.admin.token, "1.2.0", { moveClassIds: [classB] });
		expect(res.status).toBe(200);
		expect(res.body.movedClassIds).toEqual([classB]);
		expect((await versionsByClass())[classB]).toBe("1.2.0");
	});
});

describe("assigning an earlier published version (going back)", () => {
	it("assigns a version published before, and lists every version with when it was first published", async () => {
		const back = await request(t.app).post(`/v1/classes/${classB}/assignments`).set(bearer(school.teacherB.token)).send({ lessonId, version: "1.0.0" });
		expect(back.status).toBe(200);
		expect((await versionsByClass())[classB]).toBe("1.0.0");
		const versions = await request(t.app).get(`/v1/lessons/${lessonId}/versions`).set(bearer(school.teacherA.token));
		expect(versions.body.items.map((v: { version: string; publishedAt?: string }) => [v.version, typeof v.publishedAt])).toEqual([
			["1.2.0", "string"],
			["1.1.0", "string"],
			["1.0.0", "string"],
		]);
	});

	it("refuses a version that was only uploaded", async () => {
		const fresh = await request(t.app)
			.post(`/v1/lessons/${lessonId}/versions`)
			.set(bearer(school.teacherA.token))
			.send({ version: "1.3.0", content: { schemaVersion: 1, title: "Fractions on a number line", steps: [{ kind: "instruction", id: "intro", text: "New" }] } });
		expect(fresh.status).toBe(201);
		const res = await request(t.app).post(`/v1/classes/${classA2}/assignments`).set(bearer(school.teacherA.token)).send({ lessonId, version: "1.3.0" });
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues).toEqual([expect.objectContaining({ path: "/version", code: "not_published" })]);
	});
});
