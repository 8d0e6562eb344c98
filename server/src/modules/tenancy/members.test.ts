import { QueryTypes } from "sequelize";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { addPerson, auditActions, bearer, PASSWORD, signupSchool, systemQuery, type Person, type SchoolAdmin } from "./__tests__/tenancy-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let other: SchoolAdmin;
let teacher: Person;
let student: Person;
let guardian: Person;
beforeAll(async () => {
	database = await createTestDatabase("members");
	t = await startTestApp({ database });
	school = await signupSchool(t, "Members School");
	other = await signupSchool(t, "Other School");
	teacher = await addPerson(t, school.tenantId, ["teacher"]);
	student = await addPerson(t, school.tenantId, ["student"]);
	guardian = await addPerson(t, school.tenantId, ["guardian"]);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("GET /v1/members", () => {
	it("lists the school's members with their roles, to teachers too", async () => {
		const res = await request(t.app).get("/v1/members").set(bearer(teacher.token));
		expect(res.status).toBe(200);
		const byId = new Map(res.body.items.map((m: { user: { id: string }; roles: string[] }) => [m.user.id, m.roles]));
		expect(byId.get(school.userId)).toEqual(["tenant_admin"]);
		expect(byId.get(teacher.userId)).toEqual(["teacher"]);
		expect(byId.has(other.userId)).toBe(false);
	});

	it.each([
		["student", () => student],
		["guardian", () => guardian],
	])("is refused to a %s (403)", async (_label, who) => {
		const res = await request(t.app).get("/v1/members").set(bearer(who().token));
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe("forbidden");
	});

	it("needs a signed-in caller (401)", async () => {
		expect((await request(t.app).get("/v1/members")).status).toBe(401);
	});
});

describe("PUT /v1/members/:userId/roles", () => {
	it("replaces a member's roles, records member.role_changed, and ends their sessions in the school", async () => {
		const person = await addPerson(t, school.tenantId, ["teacher"], "promoted");
		const res = await request(t.app)
			.put(`/v1/members/${person.userId}/roles`)
			.set(bearer(school.token))
			.send({ roles: ["tenant_admin", "teacher"] });
		expect(res.status).toBe(200);
		expect(res.body.roles).toEqual(["teacher", "tenant_admin"]);
		const [event] = await systemQuery<{ actor_user_id: string; target_id: string; details: unknown; request_id: string | null }>(
			t,
			"SELECT actor_user_id, target_id, details, request_id FROM audit_events WHERE tenant_id = $1 AND action = 'member.role_changed' ORDER BY created_at DESC LIMIT 1",
			[school.tenantId],
		);
		expect(event).toMatchObject({ actor_user_id: school.userId, target_id: person.userId, details: { before: ["teacher"], after: ["teacher", "tenant_admin"] } });
		expect(event?.request_id).toBe(res.headers["x-request-id"]);
		expect((await request(t.app).get("/v1/members").set(bearer(person.token))).status).toBe(401);
	});

	it("is refused to a teacher (403) and to a student (403)", async () => {
		for (const who of [teacher, student]) {
			const res = await request(t.app)
				.put(`/v1/members/${guardian.userId}/roles`)
				.set(bearer(who.token))
				.send({ roles: ["teacher"] });
			expect(res.status).toBe(403);
		}
	});

	it("refuses to take tenant_admin from the last admin (409)", async () => {
		const lone = await signupSchool(t, "Lone Admin School");
		const res = await request(t.app)
			.put(`/v1/members/${lone.userId}/roles`)
			.set(bearer(lone.token))
			.send({ roles: ["teacher"] });
		expect(res.status).toBe(409);
		expect(res.body.error.message).toMatch(/at least one tenant_admin/);
		expect(await auditActions(t, lone.tenantId)).not.toContain("member.role_changed");
		expect((await request(t.app).get("/v1/members").set(bearer(lone.token))).body.items[0].roles).toEqual(["tenant_admin"]);
	});

	it("refuses platform_admin (422) and answers 404 for someone who is not a member here", async () => {
		expect(
			(
				await request(t.app)
					.put(`/v1/members/${teacher.userId}/roles`)
					.set(bearer(school.token))
					.send({ roles: ["platform_admin"] })
			).status,
		).toBe(422);
		expect(
			(
				await request(t.app)
					.put(`/v1/members/${other.userId}/roles`)
					.set(bearer(school.token))
					.send({ roles: ["teacher"] })
			).status,
		).toBe(404);
		expect(
			(
				await request(t.app)
					.put("/v1/members/not-a-uuid/roles")
					.set(bearer(school.token))
					.send({ roles: ["teacher"] })
			).status,
		).toBe(404);
	});
});

describe("DELETE /v1/members/:userId", () => {
	it("removes every role in the school and ends their sessions; the account stays", async () => {
		const leaving = await addPerson(t, school.tenantId, ["teacher", "guardian"], "leaving");
		const res = await request(t.app).delete(`/v1/members/${leaving.userId}`).set(bearer(school.token));
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ userId: leaving.userId, status: "removed" });
		const members = await request(t.app).get("/v1/members").set(bearer(school.token));
		expect(members.body.items.map((m: { user: { id: string } }) => m.user.id)).not.toContain(leaving.userId);
		expect((await request(t.app).get("/v1/members").set(bearer(leaving.token))).status).toBe(401);
		const users = await t.infra.db.query("SELECT id FROM users WHERE id = $1", { bind: [leaving.userId], type: QueryTypes.SELECT });
		expect(users).toHaveLength(1);
		expect(await auditActions(t, school.tenantId)).toContain("member.removed");
	});

	it("refuses to remove the last tenant_admin (409), and another school's member is 404", async () => {
		const lone = await signupSchool(t, "Solo School");
		expect((await request(t.app).delete(`/v1/members/${lone.userId}`).set(bearer(lone.token))).status).toBe(409);
		expect((await request(t.app).delete(`/v1/members/${other.userId}`).set(bearer(school.token))).status).toBe(404);
		const stillThere = await request(t.app).get("/v1/members").set(bearer(other.token));
		expect(stillThere.body.items.map((m: { user: { id: string } }) => m.user.id)).toContain(other.userId);
	});

	it("is refused to a guardian (403)", async () => {
		expect((await request(t.app).delete(`/v1/members/${teacher.userId}`).set(bearer(guardian.token))).status).toBe(403);
	});
});

describe("guardian links", () => {
	it("an admin links a guardian to a student; the guardian lists exactly their linked students", async () => {
		const parent = await addPerson(t, school.tenantId, ["guardian"], "parent");
		const child = await addPerson(t, school.tenantId, ["student"], "child");
		const link = await request(t.app).post("/v1/guardian-links").set(bearer(school.token)).send({ guardianUserId: parent.userId, studentUserId: child.userId });
		expect(link.status).toBe(201);
		expect(link.body).toMatchObject({ guardianUserId: parent.userId, studentUserId: child.userId });
		const again = await request(t.app).post("/v1/guardian-links").set(bearer(school.token)).send({ guardianUserId: parent.userId, studentUserId: child.userId });
		expect(again.body.id).toBe(link.body.id);
		const listed = await request(t.app).get("/v1/linked-students").set(bearer(parent.token));
		expect(listed.status).toBe(200);
		expect(listed.body.items.map((u: { id: string }) => u.id)).toEqual([child.userId]);
		const unlinked = await request(t.app).get("/v1/linked-students").set(bearer(guardian.token));
		expect(unlinked.body.items).toEqual([]);
	});

	it("refuses links that are not guardian → student of this school (422), and teachers cannot link (403)", async () => {
		const wrong = await request(t.app).post("/v1/guardian-links").set(bearer(school.token)).send({ guardianUserId: teacher.userId, studentUserId: other.userId });
		expect(wrong.status).toBe(422);
		expect(wrong.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["/guardianUserId", "/studentUserId"]);
		expect((await request(t.app).post("/v1/guardian-links").set(bearer(teacher.token)).send({ guardianUserId: guardian.userId, studentUserId: student.userId })).status).toBe(403);
	});

	it("the linked-students view is for guardians: a teacher gets 403", async () => {
		expect((await request(t.app).get("/v1/linked-students").set(bearer(teacher.token))).status).toBe(403);
	});
});

describe("POST /v1/members/:userId/unlock", () => {
	const signIn = (email: string, password: string) => request(t.app).post("/v1/auth/login").send({ email, password });

	it("lets a member locked out by failed sign-ins sign in again at once, and records member.sign_in_unlocked", async () => {
		const locked = await addPerson(t, school.tenantId, ["teacher"], "forgetful");
		for (let i = 0; i < 5; i++) expect((await signIn(locked.email, "not my password at all")).status).toBe(401);
		const refused = await signIn(locked.email, PASSWORD);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
		// The failures and the lock are in the school's audit log, as an admin reads it.
		const log = await request(t.app).get("/v1/audit-events").set(bearer(school.token));
		const about = log.body.items.filter((event: { targetId?: string }) => event.targetId === locked.userId).map((event: { action: string }) => event.action);
		expect(about).toEqual(expect.arrayContaining(["auth.login_failed", "auth.account_locked"]));

		expect((await request(t.app).post(`/v1/members/${locked.userId}/unlock`).set(bearer(teacher.token))).status).toBe(403);
		expect((await request(t.app).post(`/v1/members/${locked.userId}/unlock`).set(bearer(other.token))).status).toBe(404);
		expect((await signIn(locked.email, PASSWORD)).status).toBe(429);

		const unlocked = await request(t.app).post(`/v1/members/${locked.userId}/unlock`).set(bearer(school.token));
		expect(unlocked.status).toBe(200);
		expect(unlocked.body).toEqual({ status: "accepted" });
		expect((await signIn(locked.email, PASSWORD)).status).toBe(200);
		const [event] = await systemQuery<{ actor_user_id: string; target_id: string }>(
			t,
			"SELECT actor_user_id, target_id FROM audit_events WHERE action = 'member.sign_in_unlocked' AND tenant_id = $1",
			[school.tenantId],
		);
		expect(event).toEqual({ actor_user_id: school.userId, target_id: locked.userId });
		expect(await auditActions(t, other.tenantId)).not.toContain("member.sign_in_unlocked");
	});

	it("answers 404 for someone who is not a member of the school", async () => {
		const res = await request(t.app).post(`/v1/members/${other.userId}/unlock`).set(bearer(school.token));
		expect(res.status).toBe(404);
		expect(res.body.error.code).toBe("not_found");
	});
});
