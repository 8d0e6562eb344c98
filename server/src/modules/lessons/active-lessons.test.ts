import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, createKey } from "../tenancy/__tests__/tenancy-fixtures";
import { createClassAs, seedLesson } from "../classes/__tests__/class-fixtures";
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
		expect(res.body.items).toEqual([{ lessonId: school.lessonId, version: "1.0.0", content: expect.objectContaining({ schemaVersion: 1, title: "Fractions on a number line" }) }]);
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

	it("a lesson assigned to two classes appears once", async () => {
		const klass = await createClassAs(t, school.teacherA.token, { name: "Twin class" });
		await request(t.app).post(`/v1/classes/${klass.id}/assignments`).set(bearer(school.teacherA.token)).send({ lessonId: school.lessonId, version: "1.0.0" }).expect(201);
		const res = await active(school.key.secret);
		expect(res.body.items.filter((i: { lessonId: string }) => i.lessonId === school.lessonId)).toHaveLength(1);
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
