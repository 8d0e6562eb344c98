/**
 * Text and null at the service's boundary, on the routes that store what they are given: a control character
 * (NUL first) is a 422 naming its path, never a 500 from Postgres or text stored in another spelling; a null member
 * is absent (no change), a null array item is refused; text stored before the rule is still served.
 */
import request from "supertest";
import { withTenant } from "../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../http/__tests__/harness";
import { classSchool, createClassAs, type ClassSchool } from "../modules/classes/__tests__/class-fixtures";
import { manifestOf } from "../modules/releases/__tests__/release-fixtures";
import { png, rbxl } from "../modules/releases/__tests__/sample-files";
import { bearer, systemQuery } from "../modules/tenancy/__tests__/tenancy-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: ClassSchool;
let teacher: Record<string, string>;
let lessonId: string;

beforeAll(async () => {
	database = await createTestDatabase("strings_nulls");
	t = await startTestApp({ database });
	school = await classSchool(t, "Text Rules School");
	teacher = bearer(school.teacherA.token);
	const lesson = await request(t.app)
		.post("/v1/lessons")
		.set(teacher)
		.send({ title: "Fractions", subject: "math", gradeBand: "3-5", objectives: ["Halves"] });
	expect(lesson.status).toBe(201);
	lessonId = lesson.body.id;
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** A 422 validation_failed whose issues are exactly these (path, code) pairs, in this order. */
function expectIssues(res: request.Response, issues: Array<[string, string]>) {
	expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: "validation_failed" });
	expect(res.body.error.details.issues.map((issue: { path: string; code: string }) => [issue.path, issue.code])).toEqual(issues);
}

const content = (text: string) => ({ schemaVersion: 1, title: "Fractions", steps: [{ kind: "instruction", id: "intro", text }] });

describe("a NUL in any stored string is a 422 with its path", () => {
	it("POST /v1/lessons", async () => {
		const res = await request(t.app).post("/v1/lessons").set(teacher).send({ title: "a\u0000b", subject: "math", gradeBand: "3-5", objectives: [] });
		expectIssues(res, [["/title", "control_character"]]);
		expect(res.body.error.details.issues[0].message).toContain("U+0000");
	});

	it("PATCH /v1/lessons/{id} with a NUL in an objective", async () => {
		expectIssues(
			await request(t.app)
				.patch(`/v1/lessons/${lessonId}`)
				.set(teacher)
				.send({ objectives: ["a\u0000b"] }),
			[["/objectives/0", "control_character"]],
		);
		const lesson = await request(t.app).get(`/v1/lessons/${lessonId}`).set(teacher);
		expect(lesson.body.objectives).toEqual(["Halves"]);
	});

	it("POST /v1/lessons/{id}/versions", async () => {
		const res = await request(t.app)
			.post(`/v1/lessons/${lessonId}/versions`)
			.set(teacher)
			.send({ version: "1.0.0", content: content("walk\u0000") });
		expectIssues(res, [["/content/steps/0/text", "control_character"]]);
	});

	it("POST /v1/releases", async () => {
		const manifest = manifestOf(
			{ place: { bytes: rbxl(), fileName: "Game\u0000.rbxl" }, assets: [{ name: "images/a\u0000.png", bytes: png(), assetType: "Image" }] },
			{ notes: "n\u0000" },
		);
		const res = await request(t.app).post("/v1/releases").set(bearer(school.admin.token)).send(manifest);
		expectIssues(res, [
			["/assets/0/name", "control_character"],
			["/notes", "control_character"],
			["/place/fileName", "control_character"],
		]);
	});

	it("POST and PATCH /v1/classes: refused, not stored as the text \\0", async () => {
		expectIssues(await request(t.app).post("/v1/classes").set(teacher).send({ name: "Period\u00003" }), [["/name", "control_character"]]);
		const klass = await createClassAs(t, school.teacherA.token, { name: "Period 3" });
		expectIssues(await request(t.app).patch(`/v1/classes/${klass.id}`).set(teacher).send({ name: "Period\u00004" }), [["/name", "control_character"]]);
		const stored = await systemQuery<{ name: string }>(t, "SELECT name FROM classes WHERE tenant_id = $1 AND name LIKE 'Period%'", [school.admin.tenantId]);
		expect(stored.map((row) => row.name)).toEqual(["Period 3"]);
	});
});

describe("the other control characters", () => {
	it("free text keeps tab and line breaks; titles and names are one line", async () => {
		const ok = await request(t.app)
			.patch(`/v1/lessons/${lessonId}`)
			.set(teacher)
			.send({ objectives: ["Halves\tand\r\nquarters"] });
		expect(ok.status).toBe(200);
		expect(ok.body.objectives).toEqual(["Halves\tand\r\nquarters"]);
		expectIssues(
			await request(t.app)
				.patch(`/v1/lessons/${lessonId}`)
				.set(teacher)
				.send({ title: "Frac\ntions", objectives: ["\u001b[1m"] }),
			[
				["/objectives/0", "control_character"],
				["/title", "control_character"],
			],
		);
		expectIssues(await request(t.app).post("/v1/classes").set(teacher).send({ name: "Period 3\n" }), [["/name", "control_character"]]);
	});

	it("text stored before the rule is still served (replies tolerate it)", async () => {
		await withTenant(t.infra.db, school.admin.tenantId, (transaction) =>
			t.infra.db.query("UPDATE lessons SET title = $2, objectives = $3 WHERE id = $1", { bind: [lessonId, "Old\u0001title", JSON.stringify(["bell\u0007"])], transaction }),
		);
		const res = await request(t.app).get(`/v1/lessons/${lessonId}`).set(teacher);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ title: "Old\u0001title", objectives: ["bell\u0007"] });
		// Sending it back as it is, though, is new input.
		expectIssues(await request(t.app).patch(`/v1/lessons/${lessonId}`).set(teacher).send({ title: res.body.title }), [["/title", "control_character"]]);
	});
});

describe("null", () => {
	it("a null member is absent: PATCH /v1/classes/{id} with name null changes nothing", async () => {
		const klass = await createClassAs(t, school.teacherA.token, { name: "Null Rule Class" });
		const res = await request(t.app).patch(`/v1/classes/${klass.id}`).set(teacher).set("Content-Type", "application/json").send('{"name":null}');
		expect(res.status).toBe(200);
		expect(res.body.name).toBe("Null Rule Class");
	});

	it("a null array item is refused, not dropped: POST /v1/lessons and PATCH /v1/lessons/{id} with objectives [null]", async () => {
		const created = await request(t.app)
			.post("/v1/lessons")
			.set(teacher)
			.set("Content-Type", "application/json")
			.send('{"title":"Nulls","subject":"math","gradeBand":"3-5","objectives":[null]}');
		expectIssues(created, [["/objectives/0", "invalid_type"]]);
		const before = (await request(t.app).get(`/v1/lessons/${lessonId}`).set(teacher)).body.objectives;
		const patched = await request(t.app).patch(`/v1/lessons/${lessonId}`).set(teacher).set("Content-Type", "application/json").send('{"objectives":["a",null,"b",null]}');
		expectIssues(patched, [
			["/objectives/1", "invalid_type"],
			["/objectives/3", "invalid_type"],
		]);
		expect((await request(t.app).get(`/v1/lessons/${lessonId}`).set(teacher)).body.objectives).toEqual(before);
	});
});
