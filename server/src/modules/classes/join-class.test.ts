import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { auditActions, bearer, createKey, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { createClassAs } from "./__tests__/class-fixtures";
import { joinAs, runtimeSchool, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;
let other: RuntimeSchool;

beforeAll(async () => {
	database = await createTestDatabase("runtime_join");
	t = await startTestApp({ database });
	school = await runtimeSchool(t, "Juniper Join School");
	other = await runtimeSchool(t, "Other Join School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const roster = async (classId: string) =>
	(await systemQuery<{ user_id: string }>(t, "SELECT user_id FROM class_members WHERE class_id = $1 ORDER BY user_id", [classId])).map((row) => row.user_id);

describe("POST /v1/runtime/classes/join", () => {
	it("links a new Roblox user to a student with no email, on the school's roster; joining again changes nothing", async () => {
		const first = await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode.toLowerCase(), robloxUserId: 5001, displayName: "BlockBuilder42" });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ classId: school.klass.id, className: "Juniper Join School class", robloxUserId: 5001, alreadyMember: false });
		const studentUserId = first.body.studentUserId as string;
		const [user] = await systemQuery<{ email: string | null; password_hash: string | null; display_name: string; roblox_user_id: string }>(
			t,
			"SELECT email, password_hash, display_name, roblox_user_id FROM users WHERE id = $1",
			[studentUserId],
		);
		expect(user).toEqual({ email: null, password_hash: null, display_name: "BlockBuilder42", roblox_user_id: "5001" });
		const roles = await systemQuery<{ role: string; tenant_id: string }>(t, "SELECT role, tenant_id FROM memberships WHERE user_id = $1", [studentUserId]);
		expect(roles).toEqual([{ role: "student", tenant_id: school.admin.tenantId }]);
		expect(await roster(school.klass.id)).toContain(studentUserId);

		const again = await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId: 5001, displayName: "BlockBuilder42" });
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ studentUserId, alreadyMember: true });
		const rows = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM class_members WHERE user_id = $1", [studentUserId]);
		expect(rows[0]?.n).toBe(1);
		const users = await systemQuery<{ n: number }>(t, "SELECT count(*)::int AS n FROM users WHERE roblox_user_id = 5001");
		expect(users[0]?.n).toBe(1);
		// One audit event for the one join, with ids and no name.
		expect((await auditActions(t, school.admin.tenantId)).filter((a) => a === "class.student_joined")).toHaveLength(1);
		const audit = await systemQuery<{ details: unknown }>(t, "SELECT details FROM audit_events WHERE action = 'class.student_joined' AND tenant_id = $1", [school.admin.tenantId]);
		expect(JSON.stringify(audit)).not.toContain("BlockBuilder42");
	});

	it("shows the joined student on the teacher's roster with the Roblox UserId", async () => {
		await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId: 5002, displayName: "Rosterling" }).expect(200);
		const res = await request(t.app).get(`/v1/classes/${school.klass.id}/roster`).set(bearer(school.teacherA.token));
		expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: "Rosterling", robloxUserId: 5002 })]));
	});

	it("collects the minimum: a display name over 40 characters, an email field or a non-integer UserId is refused", async () => {
		const long = await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId: 5003, displayName: "x".repeat(41) });
		expect(long.status).toBe(422);
		expect(long.body.error.details.issues).toEqual([expect.objectContaining({ path: "/displayName" })]);
		const email = await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId: 5003, displayName: "Kid", email: "kid@example.com" });
		expect(email.status).toBe(422);
		const fraction = await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId: 5003.5, displayName: "Kid" });
		expect(fraction.status).toBe(422);
		expect(await systemQuery(t, "SELECT id FROM users WHERE roblox_user_id = 5003")).toEqual([]);
	});

	it("another school's key gets 404 for this school's code, as for an unknown code, and nothing is made", async () => {
		const foreign = await joinAs(t, other.key.secret, { joinCode: school.klass.joinCode, robloxUserId: 5004, displayName: "Wanderer" });
		expect(foreign.status).toBe(404);
		const unknown = await joinAs(t, school.key.secret, { joinCode: "HKMRTXW", robloxUserId: 5004, displayName: "Wanderer" });
		expect(unknown.status).toBe(404);
		expect(foreign.body.error.message).toBe(unknown.body.error.message);
		expect(await systemQuery(t, "SELECT id FROM users WHERE roblox_user_id = 5004")).toEqual([]);
	});

	it("a student of one school can join another school's class: a student there too", async () => {
		const here = await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId: 5005, displayName: "TwoSchools" });
		const there = await joinAs(t, other.key.secret, { joinCode: other.klass.joinCode, robloxUserId: 5005, displayName: "TwoSchools" });
		expect(there.status).toBe(200);
		expect(there.body.studentUserId).toBe(here.body.studentUserId);
		const roles = await systemQuery<{ tenant_id: string }>(t, "SELECT tenant_id FROM memberships WHERE user_id = $1 AND role = 'student' ORDER BY tenant_id", [
			here.body.studentUserId,
		]);
		expect(roles.map((r) => r.tenant_id).sort()).toEqual([school.admin.tenantId, other.admin.tenantId].sort());
	});

	it("a rotated code, an expired code and an archived class's code answer 404", async () => {
		const klass = await createClassAs(t, school.teacherA.token, { name: "Codes class" });
		const rotated = await request(t.app).post(`/v1/classes/${klass.id}/join-code`).set(bearer(school.teacherA.token)).send({});
		expect(rotated.status).toBe(201);
		expect((await joinAs(t, school.key.secret, { joinCode: klass.joinCode, robloxUserId: 5006, displayName: "Late" })).status).toBe(404);
		expect((await joinAs(t, school.key.secret, { joinCode: rotated.body.joinCode, robloxUserId: 5006, displayName: "Late" })).status).toBe(200);

		await systemQuery(t, "UPDATE class_join_codes SET expires_at = now() - interval '1 second' WHERE class_id = $1", [klass.id]);
		expect((await joinAs(t, school.key.secret, { joinCode: rotated.body.joinCode, robloxUserId: 5007, displayName: "Later" })).status).toBe(404);

		const archivedClass = await createClassAs(t, school.teacherA.token, { name: "Archived class" });
		const archived = await request(t.app).patch(`/v1/classes/${archivedClass.id}`).set(bearer(school.teacherA.token)).send({ archived: true });
		expect(archived.status).toBe(200);
		expect((await joinAs(t, school.key.secret, { joinCode: archivedClass.joinCode, robloxUserId: 5008, displayName: "Ghost" })).status).toBe(404);
		expect(await roster(archivedClass.id)).toEqual([]);
		expect(await systemQuery(t, "SELECT id FROM users WHERE roblox_user_id IN (5007, 5008)")).toEqual([]);
	});

	it("needs an API key with the classes:join scope (403 without it, 401 without a key)", async () => {
		const readOnly = await createKey(t, school.admin.token, ["runtime:read", "progress:write"]);
		const res = await joinAs(t, readOnly.secret, { joinCode: school.klass.joinCode, robloxUserId: 5009, displayName: "NoScope" });
		expect(res.status).toBe(403);
		const anonymous = await request(t.app).post("/v1/runtime/classes/join").send({ joinCode: school.klass.joinCode, robloxUserId: 5009, displayName: "NoScope" });
		expect(anonymous.status).toBe(401);
		const asTeacher = await request(t.app)
			.post("/v1/runtime/classes/join")
			.set(bearer(school.teacherA.token))
			.send({ joinCode: school.klass.joinCode, robloxUserId: 5009, displayName: "NoScope" });
		expect(asTeacher.status).toBe(401);
		expect(await systemQuery(t, "SELECT id FROM users WHERE roblox_user_id = 5009")).toEqual([]);
	});
});
