import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { auditActions, bearer } from "../tenancy/__tests__/tenancy-fixtures";
import { createLessonAs, lessonSchool, type LessonSchool } from "./__tests__/lesson-school";

let database: TestDatabase;
let t: TestApp;
let school: LessonSchool;
let elsewhere: LessonSchool;

beforeAll(async () => {
	database = await createTestDatabase("lessons");
	t = await startTestApp({ database });
	school = await lessonSchool(t, "Oak School");
	elsewhere = await lessonSchool(t, "Elm School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("POST /v1/lessons", () => {
	it("creates a draft owned by the caller, audited", async () => {
		const res = await request(t.app)
			.post("/v1/lessons")
			.set(bearer(school.teacher.token))
			.send({ title: "Photosynthesis", subject: "science", gradeBand: "6-8", objectives: ["Name the inputs"] });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({
			title: "Photosynthesis",
			subject: "science",
			gradeBand: "6-8",
			objectives: ["Name the inputs"],
			ownerUserId: school.teacher.userId,
			status: "draft",
		});
		expect(res.body.latestVersion).toBeUndefined();
		expect(await auditActions(t, school.admin.tenantId)).toContain("lesson.created");
		const got = await request(t.app).get(`/v1/lessons/${res.body.id}`).set(bearer(school.otherTeacher.token));
		expect(got.status).toBe(200);
		expect(got.body).toEqual(res.body);
	});

	it("refuses a student (no lessons:write) and reports every bad field", async () => {
		const student = await request(t.app).post("/v1/lessons").set(bearer(school.student.token)).send({ title: "x", subject: "math", gradeBand: "3-5", objectives: [] });
		expect(student.status).toBe(403);
		const bad = await request(t.app)
			.post("/v1/lessons")
			.set(bearer(school.teacher.token))
			.send({ title: "", subject: "math", objectives: [""] });
		expect(bad.status).toBe(422);
		expect(bad.body.error.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(["/gradeBand", "/objectives/0", "/title"]);
	});
});

describe("GET /v1/lessons", () => {
	let mine: string[];
	beforeAll(async () => {
		mine = [];
		for (let i = 0; i < 5; i++) mine.push((await createLessonAs(t, school.otherTeacher.token, { title: `Paging lesson ${i}`, subject: "paging" })).id);
	});

	it("pages newest first with an opaque cursor, visiting each lesson once", async () => {
		const seen: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const res = await request(t.app)
				.get("/v1/lessons")
				.query({ subject: "paging", limit: 2, ...(cursor === undefined ? {} : { cursor }) })
				.set(bearer(school.teacher.token));
			expect(res.status).toBe(200);
			expect(res.body.items.length).toBeLessThanOrEqual(2);
			seen.push(...res.body.items.map((lesson: { id: string }) => lesson.id));
			cursor = res.body.nextCursor;
			pages++;
		} while (cursor !== undefined && pages < 10);
		expect(pages).toBe(3);
		expect(seen).toEqual([...mine].reverse());
	});

	it("filters by owner=me, grade band, q (title, case-insensitive, wildcards literal) and status; archived only when asked", async () => {
		const own = await createLessonAs(t, school.teacher.token, { title: "Volcanoes 100% fun", subject: "geo", gradeBand: "6-8" });
		const archived = await createLessonAs(t, school.teacher.token, { title: "Old volcanoes", subject: "geo" });
		expect((await request(t.app).patch(`/v1/lessons/${archived.id}`).set(bearer(school.teacher.token)).send({ status: "archived" })).status).toBe(200);

		const ids = async (query: Record<string, string>, token = school.teacher.token) =>
			(await request(t.app).get("/v1/lessons").query(query).set(bearer(token))).body.items.map((lesson: { id: string }) => lesson.id);
		expect(await ids({ subject: "geo" })).toEqual([own.id]);
		expect(await ids({ subject: "geo", gradeBand: "6-8" })).toEqual([own.id]);
		expect(await ids({ subject: "geo", gradeBand: "3-5" })).toEqual([]);
		expect(await ids({ subject: "geo", status: "archived" })).toEqual([archived.id]);
		expect(await ids({ q: "VOLCANO" })).toEqual([own.id]);
		expect(await ids({ q: "0% f" })).toEqual([own.id]);
		expect(await ids({ q: "100_" })).toEqual([]);
		expect(await ids({ owner: "me", subject: "paging" })).toEqual([]);
		expect(await ids({ owner: "me", subject: "paging" }, school.otherTeacher.token)).toHaveLength(5);
		expect(await ids({ status: "published", subject: "geo" })).toEqual([]);
	});

	it("shows only the caller's school", async () => {
		const theirs = await createLessonAs(t, elsewhere.teacher.token, { title: "Elm only", subject: "elm" });
		const res = await request(t.app).get("/v1/lessons").query({ subject: "elm" }).set(bearer(school.admin.token));
		expect(res.body.items).toEqual([]);
		expect((await request(t.app).get(`/v1/lessons/${theirs.id}`).set(bearer(school.admin.token))).status).toBe(404);
	});

	it("refuses bad filters and a forged cursor with 400, and students with 403", async () => {
		for (const query of [{ status: "deleted" }, { owner: "someone" }, { limit: "0" }, { limit: "101" }, { cursor: "bm9wZQ" }]) {
			const res = await request(t.app).get("/v1/lessons").query(query).set(bearer(school.teacher.token));
			expect({ query, status: res.status }).toEqual({ query, status: 400 });
		}
		expect((await request(t.app).get("/v1/lessons").set(bearer(school.student.token))).status).toBe(403);
	});
});

describe("PATCH /v1/lessons/:lessonId", () => {
	it("lets the owner change metadata and archive/restore; others get 403, another school 404", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const renamed = await request(t.app).patch(`/v1/lessons/${lesson.id}`).set(bearer(school.teacher.token)).send({ title: "Fractions, again", objectives: [] });
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ title: "Fractions, again", subject: "math", objectives: [], status: "draft" });

		const other = await request(t.app).patch(`/v1/lessons/${lesson.id}`).set(bearer(school.otherTeacher.token)).send({ title: "Mine now" });
		expect(other.status).toBe(403);
		const student = await request(t.app).patch(`/v1/lessons/${lesson.id}`).set(bearer(school.student.token)).send({ title: "Mine now" });
		expect(student.status).toBe(403);
		const foreign = await request(t.app).patch(`/v1/lessons/${lesson.id}`).set(bearer(elsewhere.admin.token)).send({ title: "Mine now" });
		expect(foreign.status).toBe(404);

		const admin = await request(t.app).patch(`/v1/lessons/${lesson.id}`).set(bearer(school.admin.token)).send({ status: "archived" });
		expect(admin.status).toBe(200);
		expect(admin.body.status).toBe("archived");
		const restored = await request(t.app).patch(`/v1/lessons/${lesson.id}`).set(bearer(school.teacher.token)).send({ status: "draft" });
		expect(restored.body).toMatchObject({ status: "draft", title: "Fractions, again" });
		expect(await auditActions(t, school.admin.tenantId)).toEqual(expect.arrayContaining(["lesson.updated", "lesson.archived", "lesson.restored"]));
	});

	it("refuses publishing through PATCH (only a version can be published)", async () => {
		const lesson = await createLessonAs(t, school.teacher.token);
		const res = await request(t.app).patch(`/v1/lessons/${lesson.id}`).set(bearer(school.teacher.token)).send({ status: "published" });
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues[0].path).toBe("/status");
	});

	it("answers 404 for an id that is not a uuid", async () => {
		expect((await request(t.app).get("/v1/lessons/not-a-uuid").set(bearer(school.teacher.token))).status).toBe(404);
	});
});
