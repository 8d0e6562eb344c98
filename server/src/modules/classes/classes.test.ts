import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { auditActions, bearer, signupSchool, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { classSchool, createClassAs, enrol, type ClassSchool } from "./__tests__/class-fixtures";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "./join-code";

let database: TestDatabase;
let t: TestApp;
let school: ClassSchool;
let other: SchoolAdmin;

const DAY = 24 * 3600 * 1000;
const CODE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

beforeAll(async () => {
	database = await createTestDatabase("classes");
	t = await startTestApp({ database });
	school = await classSchool(t, "Cedar Classes School");
	other = await signupSchool(t, "Other Classes School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("creating a class", () => {
	it("makes the caller its teacher and gives it a join code valid for 14 days, audited", async () => {
		const before = Date.now();
		const res = await request(t.app).post("/v1/classes").set(bearer(school.teacherA.token)).send({ name: "  Period 1 Algebra ", gradeBand: "6-8", subject: "Math" });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ name: "Period 1 Algebra", gradeBand: "6-8", subject: "Math", teacherUserId: school.teacherA.userId });
		expect(res.body.archivedAt).toBeUndefined();
		expect(res.body.joinCode).toMatch(CODE);
		const expires = Date.parse(res.body.joinCodeExpiresAt);
		expect(expires).toBeGreaterThanOrEqual(before + 14 * DAY - 60_000);
		expect(expires).toBeLessThanOrEqual(Date.now() + 14 * DAY + 60_000);
		expect(await auditActions(t, school.admin.tenantId)).toContain("class.created");
	});

	it("takes a shorter expiry per request", async () => {
		const created = await createClassAs(t, school.teacherA.token, { name: "Short code", joinCodeExpiresInDays: 2 });
		const expires = Date.parse(created.joinCodeExpiresAt as string);
		expect(Math.abs(expires - (Date.now() + 2 * DAY))).toBeLessThan(60_000);
	});

	it("refuses blank fields, every one with its path", async () => {
		const res = await request(t.app).post("/v1/classes").set(bearer(school.teacherA.token)).send({ name: "   ", subject: " " });
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(["/name", "/subject"]);
	});

	it("is not for students (no classes:manage) and students cannot list classes", async () => {
		expect((await request(t.app).post("/v1/classes").set(bearer(school.student.token)).send({ name: "Mine" })).status).toBe(403);
		expect((await request(t.app).get("/v1/classes").set(bearer(school.student.token))).status).toBe(403);
	});
});

describe("who sees and manages which class", () => {
	let classOfA: { id: string; joinCode: string };
	let classOfB: { id: string };
	beforeAll(async () => {
		classOfA = await createClassAs(t, school.teacherA.token, { name: "A's class" });
		classOfB = await createClassAs(t, school.teacherB.token, { name: "B's class" });
	});

	it("a teacher lists only the classes they teach; the tenant_admin lists every class of the school", async () => {
		const ofA = await request(t.app).get("/v1/classes?limit=200").set(bearer(school.teacherA.token));
		expect(ofA.status).toBe(200);
		const idsOfA = ofA.body.items.map((c: { id: string }) => c.id);
		expect(idsOfA).toContain(classOfA.id);
		expect(idsOfA).not.toContain(classOfB.id);
		expect(ofA.body.items.every((c: { teacherUserId: string }) => c.teacherUserId === school.teacherA.userId)).toBe(true);
		const all = await request(t.app).get("/v1/classes?limit=200").set(bearer(school.admin.token));
		expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([classOfA.id, classOfB.id]));
	});

	it("another teacher's class is not found for reading, renaming, rotating or its roster", async () => {
		const token = bearer(school.teacherB.token);
		expect((await request(t.app).get(`/v1/classes/${classOfA.id}`).set(token)).status).toBe(404);
		expect((await request(t.app).patch(`/v1/classes/${classOfA.id}`).set(token).send({ name: "Taken over" })).status).toBe(404);
		expect((await request(t.app).post(`/v1/classes/${classOfA.id}/join-code`).set(token).send({})).status).toBe(404);
		expect((await request(t.app).get(`/v1/classes/${classOfA.id}/roster`).set(token)).status).toBe(404);
		const still = await request(t.app).get(`/v1/classes/${classOfA.id}`).set(bearer(school.teacherA.token));
		expect(still.body).toMatchObject({ name: "A's class", joinCode: classOfA.joinCode });
	});

	it("the tenant_admin reads and renames any teacher's class", async () => {
		const read = await request(t.app).get(`/v1/classes/${classOfB.id}`).set(bearer(school.admin.token));
		expect(read.status).toBe(200);
		const renamed = await request(t.app).patch(`/v1/classes/${classOfB.id}`).set(bearer(school.admin.token)).send({ name: "B's class (renamed)" });
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ name: "B's class (renamed)", teacherUserId: school.teacherB.userId });
	});

	it("a student is refused at the route", async () => {
		expect((await request(t.app).get(`/v1/classes/${classOfA.id}`).set(bearer(school.student.token))).status).toBe(403);
		expect((await request(t.app).patch(`/v1/classes/${classOfA.id}`).set(bearer(school.student.token)).send({ name: "x" })).status).toBe(403);
	});

	it("another school's class, and an id that is not a uuid, are not found", async () => {
		expect((await request(t.app).get(`/v1/classes/${classOfA.id}`).set(bearer(other.token))).status).toBe(404);
		expect((await request(t.app).post(`/v1/classes/${classOfA.id}/join-code`).set(bearer(other.token)).send({})).status).toBe(404);
		expect((await request(t.app).get("/v1/classes/not-a-uuid").set(bearer(school.admin.token))).status).toBe(404);
		const list = await request(t.app).get("/v1/classes").set(bearer(other.token));
		expect(list.body.items).toEqual([]);
	});
});

describe("join code rotation", () => {
	it("gives a new code and expiry, the class shows the new one, and the rotation is audited", async () => {
		const created = await createClassAs(t, school.teacherA.token, { name: "Rotating" });
		const res = await request(t.app).post(`/v1/classes/${created.id}/join-code`).set(bearer(school.teacherA.token)).send({ expiresInDays: 30 });
		expect(res.status).toBe(201);
		expect(res.body.classId).toBe(created.id);
		expect(res.body.joinCode).toMatch(CODE);
		expect(res.body.joinCode).not.toBe(created.joinCode);
		expect(Math.abs(Date.parse(res.body.expiresAt) - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
		const shown = await request(t.app).get(`/v1/classes/${created.id}`).set(bearer(school.teacherA.token));
		expect(shown.body.joinCode).toBe(res.body.joinCode);
		expect(await auditActions(t, school.admin.tenantId)).toContain("class.join_code_rotated");
	});

	it("refuses an expiry outside 1-180 days", async () => {
		const created = await createClassAs(t, school.teacherA.token, { name: "Bad expiry" });
		const res = await request(t.app).post(`/v1/classes/${created.id}/join-code`).set(bearer(school.teacherA.token)).send({ expiresInDays: 0 });
		expect(res.status).toBe(422);
		expect(res.body.error.details.issues[0].path).toBe("/expiresInDays");
	});
});

describe("archiving", () => {
	it("hides the class from the list unless asked, drops its code, refuses rotation, and restoring brings it back", async () => {
		const created = await createClassAs(t, school.teacherA.token, { name: "To archive" });
		const archived = await request(t.app).patch(`/v1/classes/${created.id}`).set(bearer(school.teacherA.token)).send({ archived: true });
		expect(archived.status).toBe(200);
		expect(archived.body.archivedAt).toEqual(expect.any(String));
		expect(archived.body.joinCode).toBeUndefined();
		const listed = await request(t.app).get("/v1/classes?limit=200").set(bearer(school.teacherA.token));
		expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(created.id);
		const withArchived = await request(t.app).get("/v1/classes?limit=200&includeArchived=true").set(bearer(school.teacherA.token));
		expect(withArchived.body.items.map((c: { id: string }) => c.id)).toContain(created.id);
		expect((await request(t.app).post(`/v1/classes/${created.id}/join-code`).set(bearer(school.teacherA.token)).send({})).status).toBe(409);
		const restored = await request(t.app).patch(`/v1/classes/${created.id}`).set(bearer(school.teacherA.token)).send({ archived: false });
		expect(restored.body.archivedAt).toBeUndefined();
		expect(restored.body.joinCode).toBe(created.joinCode);
	});
});

describe("paging", () => {
	it("walks a teacher's classes newest first with limit and cursor, without repeats", async () => {
		const teacher = school.teacherB.token;
		for (const name of ["Page 1", "Page 2", "Page 3"]) await createClassAs(t, teacher, { name });
		const seen: string[] = [];
		let cursor: string | undefined;
		do {
			const res = await request(t.app)
				.get("/v1/classes")
				.query({ limit: 2, ...(cursor === undefined ? {} : { cursor }) })
				.set(bearer(teacher));
			expect(res.status).toBe(200);
			expect(res.body.items.length).toBeLessThanOrEqual(2);
			seen.push(...res.body.items.map((c: { name: string }) => c.name));
			cursor = res.body.nextCursor;
		} while (cursor !== undefined);
		expect(seen.slice(0, 3)).toEqual(["Page 3", "Page 2", "Page 1"]);
		expect(new Set(seen).size).toBe(seen.length);
		expect((await request(t.app).get("/v1/classes?cursor=bogus!").set(bearer(teacher))).status).toBe(400);
		expect((await request(t.app).get("/v1/classes?limit=0").set(bearer(teacher))).status).toBe(400);
	});
});

describe("roster", () => {
	it("lists the class's students in join order with name and Roblox UserId, never an email", async () => {
		const created = await createClassAs(t, school.teacherA.token, { name: "With students" });
		const empty = await request(t.app).get(`/v1/classes/${created.id}/roster`).set(bearer(school.teacherA.token));
		expect(empty.body).toEqual({ items: [] });
		await enrol(t, school.admin.tenantId, created.id, school.student.userId, 4815162342);
		const res = await request(t.app).get(`/v1/classes/${created.id}/roster`).set(bearer(school.teacherA.token));
		expect(res.status).toBe(200);
		expect(res.body.items).toEqual([{ userId: school.student.userId, displayName: "Student", robloxUserId: 4815162342, joinedAt: expect.any(String) }]);
		expect(JSON.stringify(res.body)).not.toContain(school.student.email);
		const asAdmin = await request(t.app).get(`/v1/classes/${created.id}/roster`).set(bearer(school.admin.token));
		expect(asAdmin.body.items).toHaveLength(1);
	});
});
