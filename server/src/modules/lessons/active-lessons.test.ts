import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, createKey } from "../tenancy/__tests__/tenancy-fixtures";
import { createClassAs, seedLesson } from "../classes/__tests__/class-fixtures";
import { withTenant } from "../../db/tenant-scope";
import { releaseLessonClasses } from "./active-lesson-versions";
import { etagMatches } from "./active-lessons";
import { runtimeSchool, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let other: RuntimeSchool;

beforeAll(async () => {
	database = await createTestDatabase("runtime_lessons");
	t = await startTestApp({ database });
	school = await runtimeSchool(t, "Larch Lessons School");
	other = await runtimeSchool(t, "Other Lessons School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const active = (secret: string, etag?: string) => {
	const test = request(t.app).get("/v1/runtime/lessons/active").set("X-Api-Key", secret);
	return etag === undefined ? test : test.set("If-None-Match", etag);
};

describe("GET /v1/runtime/lessons/active", () => {
	it("answers the school's assigned lesson versions with their content, never another school's", async () => {
		const res = await active(school.key.secret);
		expect(res.status).toBe(200);
		expect(res.body.items).toEqual([
			{
				lessonId: school.lessonId,
				version: "1.0.0",
				content: expect.objectContaining({ schemaVersion: 1, title: "Fractions on a number line" }),
				classes: [{ classId: school.klass.id, position: 1 }],
			},
		]);
		expect(res.body.items[0].content.steps).toEqual([{ kind: "instruction", id: "intro", text: "Step text 0" }]);
		expect(JSON.stringify(res.body)).not.toContain(other.lessonId);
	});

	it("sends a strong ETag; If-None-Match with it answers 304 with no body; a changed assignment changes it", async () => {
		const first = await active(school.key.secret);
		const etag = first.headers.etag as string;
		expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
		const same = await active(school.key.secret);
		expect(same.headers.etag).toBe(etag);

		const notModified = await active(school.key.secret, etag);
		expect(notModified.status).toBe(304);
		expect(notModified.text ?? "").toBe("");
		expect(notModified.headers.etag).toBe(etag);
		expect((await active(school.key.secret, '"0000"')).status).toBe(200);

		// A second lesson assigned to a second class: the content changes, so does the tag, and the old tag gets 200.
		const klass = await createClassAs(t, school.teacherB.token, { name: "Second class" });
		const lessonId = await seedLesson(t, school.teacherB.token, ["2.0.0"], "2.0.0");
		await request(t.app).post(`/v1/classes/${klass.id}/assignments`).set(bearer(school.teacherB.token)).send({ lessonId, version: "2.0.0" }).expect(201);
		const changed = await active(school.key.secret, etag);
		expect(changed.status).toBe(200);
		expect(changed.headers.etag).not.toBe(etag);
		expect(changed.body.items.map((i: { lessonId: string }) => i.lessonId).sort()).toEqual([school.lessonId, lessonId].sort());

		// Archiving that class drops its lesson, and the tag goes back to what it was.
		await request(t.app).patch(`/v1/classes/${klass.id}`).set(bearer(school.teacherB.token)).send({ archived: true }).expect(200);
		const archived = await active(school.key.secret);
		expect(archived.body.items.map((i: { lessonId: string }) => i.lessonId)).toEqual([school.lessonId]);
		expect(archived.headers.etag).toBe(etag);
	});

	it("a lesson assigned to two classes appears once, naming both classes", async () => {
		const klass = await createClassAs(t, school.teacherA.token, { name: "Twin class" });
		await request(t.app).post(`/v1/classes/${klass.id}/assignments`).set(bearer(school.teacherA.token)).send({ lessonId: school.lessonId, version: "1.0.0" }).expect(201);
		const res = await active(school.key.secret);
		const items = res.body.items.filter((i: { lessonId: string }) => i.lessonId === school.lessonId);
		expect(items).toHaveLength(1);
		expect(items[0].classes).toEqual(
			expect.arrayContaining([
				{ classId: school.klass.id, position: 1 },
				{ classId: klass.id, position: 1 },
			]),
		);
		expect(items[0].classes).toHaveLength(2);
	});

	it("says per class which version it plays, in the teacher's assignment order, and an assignment change changes the tag", async () => {
		const klass = await createClassAs(t, school.teacherA.token, { name: "Ordered class" });
		const first = await seedLesson(t, school.teacherA.token, ["1.0.0"], "1.0.0");
		const second = await seedLesson(t, school.teacherA.token, ["1.0.0", "1.1.0"], "1.1.0");
		const assign = (lessonId: string, version: string) =>
			request(t.app).post(`/v1/classes/${klass.id}/assignments`).set(bearer(school.teacherA.token)).send({ lessonId, version }).expect(201);
		await assign(second, "1.1.0");
		const before = await active(school.key.secret);
		await assign(first, "1.0.0");
		const res = await active(school.key.secret);
		expect(res.headers.etag).not.toBe(before.headers.etag);
		const classesOf = (lessonId: string) =>
			res.body.items.filter((i: { lessonId: string }) => i.lessonId === lessonId).map((i: { version: string; classes: unknown }) => ({ version: i.version, classes: i.classes }));
		expect(classesOf(second)).toEqual([{ version: "1.1.0", classes: [{ classId: klass.id, position: 1 }] }]);
		expect(classesOf(first)).toEqual([{ version: "1.0.0", classes: [{ classId: klass.id, position: 2 }] }]);
		// The original class is not given the new class's lessons.
		const mine = res.body.items.filter((i: { classes: Array<{ classId: string }> }) => i.classes.some((c) => c.classId === school.klass.id));
		expect(mine.map((i: { lessonId: string }) => i.lessonId)).toEqual([school.lessonId]);
	});

	it("a release entry names each carried version's classes; a class on a version the release lacks plays the carried one", async () => {
		const onOld = await createClassAs(t, school.teacherA.token, { name: "Release old class" });
		const onNew = await createClassAs(t, school.teacherA.token, { name: "Release new class" });
		const lessonId = await seedLesson(t, school.teacherA.token, ["1.0.0"], "1.0.0");
		const assign = (classId: string, version: string) =>
			request(t.app).post(`/v1/classes/${classId}/assignments`).set(bearer(school.teacherA.token)).send({ lessonId, version }).expect(201);
		await assign(onOld.id, "1.0.0");
		await request(t.app)
			.post(`/v1/lessons/${lessonId}/versions`)
			.set(bearer(school.teacherA.token))
			.send({ version: "2.0.0", content: { schemaVersion: 1, title: "Second cut", steps: [{ kind: "instruction", id: "intro", text: "New" }] } })
			.expect(201);
		await request(t.app).post(`/v1/lessons/${lessonId}/versions/2.0.0/publish`).set(bearer(school.teacherA.token)).send({}).expect(200);
		await assign(onNew.id, "2.0.0");
		const classesFor = (lessons: Array<{ lessonId: string; version: string }>) =>
			withTenant(t.infra.db, school.admin.tenantId, (transaction) => releaseLessonClasses(t.infra.db, transaction, school.admin.tenantId, lessons));
		const ids = (list: Array<{ classId: string }> | undefined) => (list ?? []).map((c) => c.classId).sort();
		const onlyOld = await classesFor([{ lessonId, version: "1.0.0" }]);
		expect(ids(onlyOld.get(`${lessonId}@1.0.0`))).toEqual([onOld.id, onNew.id].sort());
		const both = await classesFor([
			{ lessonId, version: "1.0.0" },
			{ lessonId, version: "2.0.0" },
		]);
		expect(ids(both.get(`${lessonId}@1.0.0`))).toEqual([onOld.id]);
		expect(ids(both.get(`${lessonId}@2.0.0`))).toEqual([onNew.id]);
	});

	it("needs the runtime:read scope", async () => {
		const writer = await createKey(t, school.admin.token, ["progress:write"]);
		expect((await active(writer.secret)).status).toBe(403);
	});

	it("If-None-Match: lists, * and weak forms match; other tags do not", () => {
		expect(etagMatches('"a", "b"', '"b"')).toBe(true);
		expect(etagMatches("*", '"b"')).toBe(true);
		expect(etagMatches('W/"b"', '"b"')).toBe(true);
		expect(etagMatches('"c"', '"b"')).toBe(false);
		expect(etagMatches(undefined, '"b"')).toBe(false);
	});
});
