/** auth_sessions carries a tenant, so row-level security walls it like every tenant-owned table. */
import { QueryTypes } from "sequelize";
import { withTenant } from "../../../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { seedTenant, seedUser } from "../__tests__/seed";
import { issueSession } from "./issue-session";

let database: TestDatabase;
let t: TestApp;

beforeAll(async () => {
	database = await createTestDatabase("sessions_rls");
	t = await startTestApp({ database });
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

test("a tenant scope sees only its own sessions and cannot write one for another tenant", async () => {
	const db = t.infra.db;
	const schoolA = await seedTenant(db, "School A");
	const schoolB = await seedTenant(db, "School B");
	const teacherA = await seedUser(db, "a@school-a.example", [{ tenantId: schoolA, role: "teacher" }]);
	const teacherB = await seedUser(db, "b@school-b.example", [{ tenantId: schoolB, role: "teacher" }]);
	await issueSession(t, { userId: teacherA, tenantId: schoolA, roles: ["teacher"] });
	await issueSession(t, { userId: teacherB, tenantId: schoolB, roles: ["teacher"] });

	const seenByB = await withTenant(db, schoolB, (transaction) => db.query<{ tenant_id: string }>("SELECT tenant_id FROM auth_sessions", { type: QueryTypes.SELECT, transaction }));
	expect(seenByB.map((row) => row.tenant_id)).toEqual([schoolB]);
	await expect(
		withTenant(db, schoolB, (transaction) =>
			db.query("INSERT INTO auth_sessions (user_id, tenant_id, roles, expires_at) VALUES ($1, $2, ARRAY['teacher'], now() + interval '1 day')", {
				bind: [teacherA, schoolA],
				transaction,
			}),
		),
	).rejects.toThrow(/row-level security/);
});
