import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { addPerson, bearer, signupSchool, systemQuery, type Person, type SchoolAdmin } from "../__tests__/tenancy-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let other: SchoolAdmin;
let teacher: Person;
beforeAll(async () => {
	database = await createTestDatabase("school_settings");
	t = await startTestApp({ database });
	school = await signupSchool(t, "Time Zone School");
	other = await signupSchool(t, "Other Time Zone School");
	teacher = await addPerson(t, school.tenantId, ["teacher"]);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const me = async (token: string) => (await request(t.app).get("/v1/me").set(bearer(token))).body as { tenant: { id: string; timeZone: string } };

describe("the school's time zone", () => {
	it("starts as UTC, for every member to read (getSchoolSettings and getMe)", async () => {
		const res = await request(t.app).get("/v1/school/settings").set(bearer(teacher.token));
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ timeZone: "UTC" });
		expect((await me(teacher.token)).tenant).toMatchObject({ id: school.tenantId, timeZone: "UTC" });
	});

	it("a school admin sets it; it is stored as the time zone database spells it, audited, and returned by getMe in that school only", async () => {
		const res = await request(t.app).patch("/v1/school/settings").set(bearer(school.token)).send({ timeZone: "america/chicago" });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ timeZone: "America/Chicago" });
		expect((await me(teacher.token)).tenant.timeZone).toBe("America/Chicago");
		expect((await me(other.token)).tenant.timeZone).toBe("UTC");
		const events = await systemQuery<{ action: string; actor_user_id: string; details: unknown }>(
			t,
			"SELECT action, actor_user_id, details FROM audit_events WHERE tenant_id = $1 AND action = 'tenant.time_zone_changed'",
			[school.tenantId],
		);
		expect(events).toEqual([{ action: "tenant.time_zone_changed", actor_user_id: school.userId, details: { before: "UTC", after: "America/Chicago" } }]);

		// Setting the same zone again changes nothing and records nothing.
		expect((await request(t.app).patch("/v1/school/settings").set(bearer(school.token)).send({ timeZone: "America/Chicago" })).status).toBe(200);
		const again = await systemQuery(t, "SELECT 1 FROM audit_events WHERE tenant_id = $1 AND action = 'tenant.time_zone_changed'", [school.tenantId]);
		expect(again).toHaveLength(1);
	});

	it("refuses a zone the time zone database does not know with 422 unknown_time_zone, and keeps the old one", async () => {
		const res = await request(t.app).patch("/v1/school/settings").set(bearer(school.token)).send({ timeZone: "Europe/Londres" });
		expect(res.status).toBe(422);
		expect(res.body.error.code).toBe("unknown_time_zone");
		expect(res.body.error.message).toContain("Europe/Londres");
		expect(res.body.error.details).toEqual({ timeZone: "Europe/Londres" });
		expect((await me(school.token)).tenant.timeZone).toBe("America/Chicago");
	});

	it("is changed by school admins only (a teacher gets 403)", async () => {
		const res = await request(t.app).patch("/v1/school/settings").set(bearer(teacher.token)).send({ timeZone: "Europe/London" });
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe("forbidden");
		expect((await me(school.token)).tenant.timeZone).toBe("America/Chicago");
	});
});
