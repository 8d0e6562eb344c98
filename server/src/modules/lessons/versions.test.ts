import type { LessonContent } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { auditActions, bearer, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { sampleContent } from "./__tests__/lesson-fixtures";
import { createLessonAs, lessonSchool, type LessonSchool } from "./__tests__/lesson-school";
import { contentHash } from "./canonical-json";

let database: TestDatabase;
let t: TestApp;
let school: LessonSchool;
let elsewhere: LessonSchool;

beforeAll(async () => {
	database = await createTestDatabase("lesson_versions");
	t = await startTestApp({ database });
	school = await lessonSchool(t, "Pine School");
	elsewhere = await lessonSchool(t, "Cedar School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

function upload(lessonId: string, version: string, content: unknown, token = school.teacher.token) {
	return request(t.app).post(`/v1/lessons/${lessonId}/versions`).set(bearer(token)).send({ version, content });
}

async function versionRows(lessonId: string): Promise<number> {
	const [row] = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM lesson_versions WHERE lesson_id = $1", [lessonId]);
	return row?.n ?? -1;
}

/** The same value with every object's keys in reverse order (what another JSON encoder might send). */
function reverseKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reverseKeys);
	if (value !== null && typeof value === "object")
		return Object.fromEntries(
			Object.entries(value)
				.reverse()
				.map(([key, inner]) => [key, reverseKeys(inner)]),
		);
	return value;
}

function withTitle(title: string): LessonContent {
	return { ...sampleContent(), title };
}

describe("uploading versions", () => {
	it("stores a version with its author, canonical hash and content, and moves latestVersion", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const res = await upload(lesson.id, "1.0.0", sampleContent());
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ lessonId: lesson.id, version: "1.0.0", authorUserId: school.teacher.userId, contentHash: contentHash(sampleContent()) });
		expect(res.body.content).toEqual(sampleContent());
		const got = await request(t.app).get(`/v1/lessons/${lesson.id}/versions/1.0.0`).set(bearer(school.otherTeacher.token));
		expect(got.status).toBe(200);
		expect(got.body).toEqual(res.body);
		expect((await request(t.app).get(`/v1/lessons/${lesson.id}`).set(bearer(school.teacher.token))).body.latestVersion).toBe("1.0.0");
		expect(await auditActions(t, school.admin.tenantId)).toContain("lesson.version_created");
	});

	it("answers 200 with the existing version for the same content (any key order, any version number), and stores no copy", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const first = await upload(lesson.id, "1.0.0", sampleContent());
		expect(first.status).toBe(201);
		const reordered = reverseKeys(sampleContent());
		expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(sampleContent()));
		const again = await upload(lesson.id, "1.0.1", reordered);
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		const same = await upload(lesson.id, "1.0.0", sampleContent());
		expect(same.status).toBe(200);
		expect(await versionRows(lesson.id)).toBe(1);
		expect((await request(t.app).get(`/v1/lessons/${lesson.id}`).set(bearer(school.teacher.token))).body.latestVersion).toBe("1.0.0");
	});

	it("makes one row when the same content arrives twice at once (uploads to a lesson take turns)", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const answers = await Promise.all([upload(lesson.id, "1.0.0", sampleContent()), upload(lesson.id, "1.0.0", sampleContent()), upload(lesson.id, "1.0.1", sampleContent())]);
		expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 201]);
		expect(new Set(answers.map((res) => res.body.contentHash)).size).toBe(1);
		expect(await versionRows(lesson.id)).toBe(1);
	});

	it("requires each new version to be greater than the latest, in semver order (409 otherwise)", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		expect((await upload(lesson.id, "1.9.0", withTitle("a"))).status).toBe(201);
		const older = await upload(lesson.id, "1.2.0", withTitle("b"));
		expect(older.status).toBe(409);
		expect(older.body.error.code).toBe("conflict");
		expect(older.body.error.details).toEqual({ latestVersion: "1.9.0" });
		expect((await upload(lesson.id, "1.9.0", withTitle("c"))).status).toBe(409);
		expect((await upload(lesson.id, "1.10.0-beta.1", withTitle("d"))).status).toBe(201);
		expect((await upload(lesson.id, "1.10.0-alpha", withTitle("e"))).status).toBe(409);
		expect((await upload(lesson.id, "1.10.0", withTitle("f"))).status).toBe(201);
		expect(await versionRows(lesson.id)).toBe(3);
		const list = await request(t.app).get(`/v1/lessons/${lesson.id}/versions`).set(bearer(school.teacher.token));
		expect(list.body.items.map((v: { version: string }) => v.version)).toEqual(["1.10.0", "1.10.0-beta.1", "1.9.0"]);
		expect(list.body.items[0].content).toBeUndefined();
	});

	it("refuses a version number that is not semver, with its path", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const res = await upload(lesson.id, "v1", sampleContent());
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(["/version"]);
	});

	it("reports every semantic problem at once with JSON Pointer paths, and stores nothing", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const content = sampleContent();
		content.steps.push({ kind: "instruction", id: "intro", text: "again" });
		const q1 = content.steps[2];
		if (q1?.kind !== "quiz" || q1.question.type !== "single_choice") throw new Error("fixture");
		q1.question.choices = q1.question.choices.map((choice) => ({ ...choice, correct: true }));
		content.steps[1] = { kind: "checkpoint", id: "reach-half", target: " " };
		const res = await upload(lesson.id, "1.0.0", content);
		expect(res.status).toBe(422);
		expect(res.body.error.code).toBe("validation_failed");
		expect(res.body.error.details.issues.map(({ path, code }: { path: string; code: string }) => ({ path, code }))).toEqual([
			{ path: "/content/steps/1/target", code: "blank" },
			{ path: "/content/steps/2/question/choices", code: "too_many_correct" },
			{ path: "/content/steps/6/id", code: "duplicate_id" },
		]);
		expect(await versionRows(lesson.id)).toBe(0);
	});

	it("reports shape problems (the shared contract) with paths too, e.g. negative points", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const content = JSON.parse(JSON.stringify(sampleContent()));
		content.steps[2].points = -5;
		content.steps[4].question.tolerance = -1;
		const res = await upload(lesson.id, "1.0.0", content);
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(["/content/steps/2/points", "/content/steps/4/question/tolerance"]);
	});

	it("refuses content over the size limit (the body itself is within the service's limit)", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const content = { ...sampleContent(), steps: Array.from({ length: 200 }, (_, i) => ({ kind: "instruction", id: `s${i}`, text: "x".repeat(2000) })) };
		const res = await upload(lesson.id, "1.0.0", content);
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues).toEqual([{ path: "/content", code: "too_large", message: expect.stringContaining("limit") }]);
		expect(await versionRows(lesson.id)).toBe(0);
	});

	it("keeps versions immutable in the database itself", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		expect((await upload(lesson.id, "1.0.0", sampleContent())).status).toBe(201);
		await expect(systemQuery(t, "UPDATE lesson_versions SET version = '9.9.9' WHERE lesson_id = $1 RETURNING id", [lesson.id])).rejects.toThrow(/immutable/);
	});
});

describe("who may upload", () => {
	it("the owner and a tenant_admin may; another teacher gets 403, a student 403, another school 404", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		expect((await upload(lesson.id, "1.0.0", withTitle("owner"))).status).toBe(201);
		expect((await upload(lesson.id, "1.1.0", withTitle("admin"), school.admin.token)).status).toBe(201);
		expect((await upload(lesson.id, "1.2.0", withTitle("other"), school.otherTeacher.token)).status).toBe(403);
		expect((await upload(lesson.id, "1.2.0", withTitle("student"), school.student.token)).status).toBe(403);
		expect((await upload(lesson.id, "1.2.0", withTitle("foreign"), elsewhere.admin.token)).status).toBe(404);
		expect((await request(t.app).get(`/v1/lessons/${lesson.id}/versions/1.0.0`).set(bearer(elsewhere.teacher.token))).status).toBe(404);
		expect((await request(t.app).get(`/v1/lessons/${lesson.id}/versions`).set(bearer(elsewhere.teacher.token))).status).toBe(404);
		expect((await request(t.app).get(`/v1/lessons/${lesson.id}/versions/1.0.0`).set(bearer(school.student.token))).status).toBe(403);
		expect(await versionRows(lesson.id)).toBe(2);
	});
});

describe("GET /v1/lessons/:lessonId/diff", () => {
	it("lists steps added, removed and changed by id between two versions", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		expect((await upload(lesson.id, "1.0.0", sampleContent())).status).toBe(201);
		const next = sampleContent();
		next.steps = next.steps.filter((step) => step.id !== "q3");
		next.steps.push({ kind: "instruction", id: "outro", text: "Done!" });
		const intro = next.steps[0];
		if (intro?.kind !== "instruction") throw new Error("fixture");
		next.steps[0] = { ...intro, text: "Find one half on the line." };
		expect((await upload(lesson.id, "1.1.0", next)).status).toBe(201);

		const res = await request(t.app).get(`/v1/lessons/${lesson.id}/diff`).query({ from: "1.0.0", to: "1.1.0" }).set(bearer(school.otherTeacher.token));
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ from: "1.0.0", to: "1.1.0", added: ["outro"], removed: ["q3"], changed: [{ id: "intro", fields: ["text"] }], titleChanged: false });
		const back = await request(t.app).get(`/v1/lessons/${lesson.id}/diff`).query({ from: "1.1.0", to: "1.0.0" }).set(bearer(school.teacher.token));
		expect(back.body).toMatchObject({ added: ["q3"], removed: ["outro"] });

		expect((await request(t.app).get(`/v1/lessons/${lesson.id}/diff`).query({ from: "1.0.0", to: "2.0.0" }).set(bearer(school.teacher.token))).status).toBe(404);
		expect((await request(t.app).get(`/v1/lessons/${lesson.id}/diff`).query({ from: "1.0.0" }).set(bearer(school.teacher.token))).status).toBe(400);
		expect((await request(t.app).get(`/v1/lessons/${lesson.id}/diff`).query({ from: "1.0.0", to: "1.1.0" }).set(bearer(elsewhere.admin.token))).status).toBe(404);
	});
});

describe("POST /v1/lessons/:lessonId/versions/:version/publish", () => {
	it("publishes a version (status, publishedVersion, audit lesson.published); an earlier one can be published again", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		expect((await upload(lesson.id, "1.0.0", withTitle("one"))).status).toBe(201);
		expect((await upload(lesson.id, "1.1.0", withTitle("two"))).status).toBe(201);
		const res = await request(t.app).post(`/v1/lessons/${lesson.id}/versions/1.1.0/publish`).set(bearer(school.teacher.token)).send({});
		expect(res.status).toBe(200);
		expect(res.body.lesson).toMatchObject({ id: lesson.id, status: "published", publishedVersion: "1.1.0", latestVersion: "1.1.0" });
		expect(res.body.version).toMatchObject({ lessonId: lesson.id, version: "1.1.0", contentHash: contentHash(withTitle("two")) });
		const [event] = await systemQuery<{ details: Record<string, unknown>; actor_user_id: string }>(
			t,
			"SELECT details, actor_user_id FROM audit_events WHERE action = 'lesson.published' AND target_id = $1",
			[lesson.id],
		);
		expect(event).toMatchObject({ actor_user_id: school.teacher.userId, details: { version: "1.1.0" } });

		const rollback = await request(t.app).post(`/v1/lessons/${lesson.id}/versions/1.0.0/publish`).set(bearer(school.admin.token)).send({});
		expect(rollback.status).toBe(200);
		expect(rollback.body.lesson).toMatchObject({ publishedVersion: "1.0.0", latestVersion: "1.1.0" });
		const listed = await request(t.app).get("/v1/lessons").query({ status: "published" }).set(bearer(school.otherTeacher.token));
		expect(listed.body.items.map((l: { id: string }) => l.id)).toContain(lesson.id);
	});

	it("refuses another teacher (403), a student (403), another school (404) and an unknown version (404)", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		expect((await upload(lesson.id, "1.0.0", sampleContent())).status).toBe(201);
		const publish = (version: string, token: string) => request(t.app).post(`/v1/lessons/${lesson.id}/versions/${version}/publish`).set(bearer(token)).send({});
		expect((await publish("1.0.0", school.otherTeacher.token)).status).toBe(403);
		expect((await publish("1.0.0", school.student.token)).status).toBe(403);
		expect((await publish("1.0.0", elsewhere.admin.token)).status).toBe(404);
		expect((await publish("2.0.0", school.teacher.token)).status).toBe(404);
		const after = await request(t.app).get(`/v1/lessons/${lesson.id}`).set(bearer(school.teacher.token));
		expect(after.body.status).toBe("draft");
		expect(after.body.publishedVersion).toBeUndefined();
	});
});
