import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { addPerson, bearer, PASSWORD, signupSchool, systemQuery, uniqueEmail, waitForMail, type Person, type SchoolAdmin } from "./__tests__/tenancy-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let other: SchoolAdmin;
beforeAll(async () => {
	database = await createTestDatabase("people");
	t = await startTestApp({ database });
	school = await signupSchool(t, "People School");
	other = await signupSchool(t, "Elsewhere School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** `count` students added in one statement (all joining in the same instant, so paging must break ties by id). */
async function seedStudents(tenantId: string, count: number, name: (n: number) => string): Promise<string[]> {
	const tag = Math.random().toString(36).slice(2, 8);
	const names = Array.from({ length: count }, (_, index) => name(index + 1));
	const rows = await systemQuery<{ id: string }>(
		t,
		`WITH created AS (
			INSERT INTO users (email, email_normalized, display_name)
			SELECT 'seed.' || n || '.' || $2 || '@school.example', 'seed.' || n || '.' || $2 || '@school.example', ($3::text[])[n]
			FROM generate_series(1, $4::int) n RETURNING id
		 )
		 INSERT INTO memberships (tenant_id, user_id, role) SELECT $1, id, 'student' FROM created RETURNING user_id AS id`,
		[tenantId, tag, names, count],
	);
	return rows.map((row) => row.id);
}

interface MemberItem {
	user: { id: string; email?: string; displayName: string };
	roles: string[];
}

async function allPages(path: string, token: string, query: Record<string, string | number>): Promise<{ pages: number; items: MemberItem[] }> {
	const items: MemberItem[] = [];
	let cursor: string | undefined;
	let pages = 0;
	do {
		const res = await request(t.app)
			.get(path)
			.query({ ...query, ...(cursor === undefined ? {} : { cursor }) })
			.set(bearer(token));
		expect(res.status).toBe(200);
		items.push(...res.body.items);
		cursor = res.body.nextCursor;
		pages++;
	} while (cursor !== undefined && pages < 50);
	return { pages, items };
}

describe("GET /v1/members pages and filters", () => {
	let seeded: string[];
	beforeAll(async () => {
		seeded = await seedStudents(school.tenantId, 120, (n) => (n % 10 === 0 ? `Zoë Ångström ${n}` : `Student ${n}`));
	});

	it("pages through every member once, longest-standing first, with a bounded page size", async () => {
		const first = await request(t.app).get("/v1/members").query({ limit: 50 }).set(bearer(school.token));
		expect(first.body.items).toHaveLength(50);
		expect(first.body.items[0].user.id).toBe(school.userId);
		expect(typeof first.body.nextCursor).toBe("string");
		const { pages, items } = await allPages("/v1/members", school.token, { limit: 50 });
		expect(pages).toBe(3);
		const ids = items.map((item) => item.user.id);
		expect(new Set(ids).size).toBe(121);
		expect(ids).toEqual(expect.arrayContaining(seeded));
		expect((await request(t.app).get("/v1/members").set(bearer(school.token))).body.items).toHaveLength(50);
	});

	it("refuses a limit past the bound, garbage, and another list's cursor (400)", async () => {
		expect((await request(t.app).get("/v1/members").query({ limit: 201 }).set(bearer(school.token))).status).toBe(400);
		expect((await request(t.app).get("/v1/members").query({ cursor: "not-a-cursor" }).set(bearer(school.token))).status).toBe(400);
		for (let n = 0; n < 2; n++)
			await request(t.app)
				.post("/v1/invitations")
				.set(bearer(school.token))
				.send({ email: uniqueEmail("paging"), role: "teacher" });
		const invitations = await request(t.app).get("/v1/invitations").query({ limit: 1 }).set(bearer(school.token));
		const refused = await request(t.app).get("/v1/members").query({ cursor: invitations.body.nextCursor }).set(bearer(school.token));
		expect(refused.status).toBe(400);
		expect(refused.body.error.code).toBe("bad_request");
		expect((await request(t.app).get("/v1/members").query({ role: "platform_admin" }).set(bearer(school.token))).status).toBe(400);
	});

	it("finds one address exactly (any case), never part of one", async () => {
		const teacher = await addPerson(t, school.tenantId, ["teacher"], "Exact Teacher");
		const exact = await request(t.app).get("/v1/members").query({ email: teacher.email.toUpperCase() }).set(bearer(school.token));
		expect(exact.body.items.map((item: MemberItem) => item.user.id)).toEqual([teacher.userId]);
		const partial = await request(t.app)
			.get("/v1/members")
			.query({ email: teacher.email.slice(0, 8) })
			.set(bearer(school.token));
		expect(partial.body.items).toEqual([]);
		const elsewhere = await request(t.app).get("/v1/members").query({ email: teacher.email }).set(bearer(other.token));
		expect(elsewhere.body.items).toEqual([]);
	});

	it("filters by part of the name (any case, any accents) across pages, and by role", async () => {
		const { items } = await allPages("/v1/members", school.token, { name: "zoe angstrom", limit: 5 });
		expect(items.map((item) => item.user.displayName).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Zoë Ångström ${(i + 1) * 10}`).sort());
		const teachers = await allPages("/v1/members", school.token, { role: "teacher" });
		expect(teachers.items.length).toBeGreaterThan(0);
		expect(teachers.items.every((item) => item.roles.includes("teacher"))).toBe(true);
	});
});

describe("DELETE /v1/members/:userId hands a teacher's lessons and classes to a colleague", () => {
	let leaving: Person;
	let colleague: Person;
	let classId: string;
	let lessonId: string;
	beforeAll(async () => {
		leaving = await addPerson(t, school.tenantId, ["teacher"], "Leaving Teacher");
		colleague = await addPerson(t, school.tenantId, ["teacher"], "Staying Teacher");
		const [klass] = await systemQuery<{ id: string }>(t, "INSERT INTO classes (tenant_id, name, teacher_user_id) VALUES ($1, 'Period 3', $2) RETURNING id", [
			school.tenantId,
			leaving.userId,
		]);
		const [lesson] = await systemQuery<{ id: string }>(
			t,
			"INSERT INTO lessons (tenant_id, owner_user_id, title, subject, grade_band) VALUES ($1, $2, 'Fractions', 'math', '6-8') RETURNING id",
			[school.tenantId, leaving.userId],
		);
		classId = (klass as { id: string }).id;
		lessonId = (lesson as { id: string }).id;
	});

	it("refuses without a colleague (409 with the counts) and with someone who is not one (422)", async () => {
		const refused = await request(t.app).delete(`/v1/members/${leaving.userId}`).set(bearer(school.token));
		expect(refused.status).toBe(409);
		expect(refused.body.error.details).toEqual({ lessons: 1, classes: 1 });
		const [student] = await seedStudents(school.tenantId, 1, () => "Not A Colleague");
		for (const transferTo of [student, leaving.userId, other.userId]) {
			const wrong = await request(t.app).delete(`/v1/members/${leaving.userId}`).query({ transferTo }).set(bearer(school.token));
			expect(wrong.status).toBe(422);
			expect(wrong.body.error.details.issues[0].path).toBe("/transferTo");
		}
		expect((await request(t.app).delete(`/v1/members/${leaving.userId}`).query({ transferTo: "nope" }).set(bearer(school.token))).status).toBe(400);
		const [still] = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND user_id = $2", [school.tenantId, leaving.userId]);
		expect(still?.n).toBe(1);
	});

	it("removes them with ?transferTo=: the colleague owns the lesson and teaches the class, and the log says so in words", async () => {
		const res = await request(t.app).delete(`/v1/members/${leaving.userId}`).query({ transferTo: colleague.userId }).set(bearer(school.token));
		expect(res.status).toBe(200);
		const [klass] = await systemQuery<{ teacher_user_id: string }>(t, "SELECT teacher_user_id FROM classes WHERE id = $1", [classId]);
		const [lesson] = await systemQuery<{ owner_user_id: string }>(t, "SELECT owner_user_id FROM lessons WHERE id = $1", [lessonId]);
		expect(klass?.teacher_user_id).toBe(colleague.userId);
		expect(lesson?.owner_user_id).toBe(colleague.userId);
		expect((await request(t.app).get("/v1/members").set(bearer(leaving.token))).status).toBe(401);
		const log = await request(t.app).get("/v1/audit-events").query({ action: "member.teaching_transferred" }).set(bearer(school.token));
		expect(log.body.items[0].sentence).toMatch(/gave Staying Teacher the 1 lesson\(s\) and 1 class\(es\) of a member leaving the school\.$/);
	});
});

describe("POST /v1/members/:userId/sessions/end-all", () => {
	it("signs the member out of the school everywhere, keeps their roles, and is audited", async () => {
		const teacher = await addPerson(t, school.tenantId, ["teacher"], "Signed Out Teacher");
		expect((await request(t.app).get("/v1/members").set(bearer(teacher.token))).status).toBe(200);
		expect((await request(t.app).post(`/v1/members/${teacher.userId}/sessions/end-all`).set(bearer(teacher.token))).status).toBe(403);
		const res = await request(t.app).post(`/v1/members/${teacher.userId}/sessions/end-all`).set(bearer(school.token));
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ userId: teacher.userId, endedSessions: 1 });
		expect((await request(t.app).get("/v1/members").set(bearer(teacher.token))).status).toBe(401);
		const found = await request(t.app).get("/v1/members").query({ email: teacher.email }).set(bearer(school.token));
		expect(found.body.items[0].roles).toEqual(["teacher"]);
		const log = await request(t.app).get("/v1/audit-events").query({ action: "member.sessions_ended" }).set(bearer(school.token));
		expect(log.body.items[0].sentence).toMatch(/ signed Signed Out Teacher out of the school everywhere\.$/);
		expect((await request(t.app).post(`/v1/members/${other.userId}/sessions/end-all`).set(bearer(school.token))).status).toBe(404);
	});
});

describe("invitations: paged, sent again, revoked", () => {
	it("sends a pending invitation again with a new link: the old link stops working, the new one joins", async () => {
		const email = uniqueEmail("resent");
		const created = await request(t.app).post("/v1/invitations").set(bearer(school.token)).send({ email, role: "teacher" });
		const oldToken = /\/invite\?token=([A-Za-z0-9_%-]+)/.exec((await waitForMail(t, email, "invitation")).text_body)?.[1] ?? "";
		const resent = await request(t.app).post(`/v1/invitations/${created.body.id}/resend`).set(bearer(school.token));
		expect(resent.status).toBe(200);
		expect(Date.parse(resent.body.expiresAt)).toBeGreaterThanOrEqual(Date.parse(created.body.expiresAt));
		const newToken = /\/invite\?token=([A-Za-z0-9_%-]+)/.exec((await waitForMail(t, email, "invitation", 1)).text_body)?.[1] ?? "";
		expect(newToken).not.toBe(oldToken);
		expect(
			(
				await request(t.app)
					.post("/v1/invitations/accept")
					.send({ token: decodeURIComponent(oldToken), password: PASSWORD })
			).status,
		).toBe(404);
		expect(
			(
				await request(t.app)
					.post("/v1/invitations/accept")
					.send({ token: decodeURIComponent(newToken), password: PASSWORD })
			).status,
		).toBe(200);
		expect((await request(t.app).post(`/v1/invitations/${created.body.id}/resend`).set(bearer(school.token))).status).toBe(409);
		const log = await request(t.app).get("/v1/audit-events").query({ action: "invitation.resent" }).set(bearer(school.token));
		expect(log.body.items[0].sentence).toMatch(new RegExp(`sent the invitation to ${email.replace(/\./g, "\\.")} again with a new link\\.$`));
	});

	it("refuses to send a revoked one again, and another school's (404)", async () => {
		const created = await request(t.app)
			.post("/v1/invitations")
			.set(bearer(school.token))
			.send({ email: uniqueEmail("revoked"), role: "student" });
		expect((await request(t.app).delete(`/v1/invitations/${created.body.id}`).set(bearer(school.token))).status).toBe(200);
		expect((await request(t.app).post(`/v1/invitations/${created.body.id}/resend`).set(bearer(school.token))).status).toBe(409);
		expect((await request(t.app).post(`/v1/invitations/${created.body.id}/resend`).set(bearer(other.token))).status).toBe(404);
	});

	it("pages newest first, each invitation once", async () => {
		const { items } = await allPages("/v1/invitations", school.token, { limit: 2 });
		const ids = items.map((item) => (item as unknown as { id: string }).id);
		expect(new Set(ids).size).toBe(ids.length);
		const [count] = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM invitations WHERE tenant_id = $1", [school.tenantId]);
		expect(ids.length).toBe(count?.n);
		const created = items.map((item) => Date.parse((item as unknown as { createdAt: string }).createdAt));
		expect([...created].sort((a, b) => b - a)).toEqual(created);
	});
});

describe("guardian links: listed with names, removed", () => {
	it("lists a school's links by name, filters by student, and removing one ends the guardian's view (audited)", async () => {
		const parent = await addPerson(t, school.tenantId, ["guardian"], "Pat Parent");
		const [first, second] = await seedStudents(school.tenantId, 2, (n) => `Linked Child ${n}`);
		for (const studentUserId of [first, second]) {
			expect((await request(t.app).post("/v1/guardian-links").set(bearer(school.token)).send({ guardianUserId: parent.userId, studentUserId })).status).toBe(201);
		}
		const listed = await request(t.app).get("/v1/guardian-links").query({ guardianUserId: parent.userId }).set(bearer(school.token));
		expect(listed.body.items.map((link: { student: { displayName: string } }) => link.student.displayName).sort()).toEqual(["Linked Child 1", "Linked Child 2"]);
		expect(listed.body.items[0].guardian.displayName).toBe("Pat Parent");
		const one = await request(t.app).get("/v1/guardian-links").query({ studentUserId: first }).set(bearer(school.token));
		expect(one.body.items).toHaveLength(1);
		expect((await request(t.app).get("/v1/guardian-links").set(bearer(other.token))).body.items).toEqual([]);
		expect((await request(t.app).get("/v1/guardian-links").set(bearer(parent.token))).status).toBe(403);

		const removed = await request(t.app).delete(`/v1/guardian-links/${one.body.items[0].id}`).set(bearer(school.token));
		expect(removed.body).toEqual({ id: one.body.items[0].id, status: "removed" });
		const seen = await request(t.app).get("/v1/linked-students").set(bearer(parent.token));
		expect(seen.body.items.map((s: { displayName: string }) => s.displayName)).toEqual(["Linked Child 2"]);
		expect((await request(t.app).delete(`/v1/guardian-links/${one.body.items[0].id}`).set(bearer(school.token))).status).toBe(404);
		const log = await request(t.app).get("/v1/audit-events").query({ action: "guardian.unlinked" }).set(bearer(school.token));
		expect(log.body.items[0].sentence).toMatch(/removed Pat Parent as guardian of Linked Child 1\.$/);
	});
});

describe("API keys and a class roster page by cursor", () => {
	it("pages the school's API keys", async () => {
		for (let n = 0; n < 3; n++)
			await request(t.app)
				.post("/v1/api-keys")
				.set(bearer(school.token))
				.send({ name: `Key ${n}`, scopes: ["runtime:read"] });
		const first = await request(t.app).get("/v1/api-keys").query({ limit: 2 }).set(bearer(school.token));
		expect(first.body.items).toHaveLength(2);
		const rest = await request(t.app).get("/v1/api-keys").query({ limit: 2, cursor: first.body.nextCursor }).set(bearer(school.token));
		expect(rest.body.items).toHaveLength(1);
		expect(rest.body.nextCursor).toBeUndefined();
		expect(new Set([...first.body.items, ...rest.body.items].map((key: { name: string }) => key.name))).toEqual(new Set(["Key 0", "Key 1", "Key 2"]));
		expect((await request(t.app).get("/v1/api-keys").query({ limit: 500 }).set(bearer(school.token))).status).toBe(400);
	});

	it("pages a class's roster in the order students joined", async () => {
		const [klass] = await systemQuery<{ id: string }>(t, "INSERT INTO classes (tenant_id, name, teacher_user_id) VALUES ($1, 'Roster class', $2) RETURNING id", [
			school.tenantId,
			school.userId,
		]);
		const classId = (klass as { id: string }).id;
		const students = await seedStudents(school.tenantId, 5, (n) => `Roster Student ${n}`);
		await systemQuery(t, "INSERT INTO class_members (tenant_id, class_id, user_id) SELECT $1, $2, unnest($3::uuid[])", [school.tenantId, classId, students]);
		const seen: string[] = [];
		let cursor: string | undefined;
		do {
			const res = await request(t.app)
				.get(`/v1/classes/${classId}/roster`)
				.query({ limit: 2, ...(cursor === undefined ? {} : { cursor }) })
				.set(bearer(school.token));
			expect(res.status).toBe(200);
			expect(res.body.items.length).toBeLessThanOrEqual(2);
			seen.push(...res.body.items.map((entry: { userId: string }) => entry.userId));
			cursor = res.body.nextCursor;
		} while (cursor !== undefined);
		expect(seen.sort()).toEqual([...students].sort());
	});
});
