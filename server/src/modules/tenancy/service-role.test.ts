/**
 * Production runs the service as a login role that owns no table (db/rls.ts). Tenancy, API keys and the audit
 * log must work through their scopes alone: every flow below runs against an app connected as such a role.
 */
import { randomUUID } from "node:crypto";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import request from "supertest";
import { withSystem, withTenant } from "../../db/tenant-scope";
import type { TestApp } from "../../http/__tests__/harness";
import { startServiceRoleApps, type ServiceRoleApps } from "../../http/__tests__/service-role";
import { bearer, PASSWORD, signupSchool, uniqueEmail, waitForMail } from "./__tests__/tenancy-fixtures";

let roles: ServiceRoleApps;
let service: TestApp;
let login: string;

beforeAll(async () => {
	roles = await startServiceRoleApps("tenancy");
	({ service, login } = roles);
});

afterAll(() => roles?.close());

test("signup, members, invitations, API keys and the audit log work as the service role, which sees nothing unscoped", async () => {
	const [current] = await service.infra.db.query<{ current_user: string }>("SELECT current_user", { type: QueryTypes.SELECT });
	expect(current?.current_user).toBe(login);
	const app = service.app;

	const school = await signupSchool(service, "Service Role School");
	const admin = bearer(school.token);

	const invitedEmail = uniqueEmail("invited");
	expect((await request(app).post("/v1/invitations").set(admin).send({ email: invitedEmail, role: "teacher" })).status).toBe(201);
	const token = decodeURIComponent(/invite\?token=([^\s]+)/.exec((await waitForMail(service, invitedEmail, "invitation")).text_body ?? "")?.[1] ?? "");
	const accepted = await request(app).post("/v1/invitations/accept").send({ token, password: PASSWORD });
	expect(accepted.status).toBe(200);

	const members = await request(app).get("/v1/members").set(admin);
	expect(members.status).toBe(200);
	const teacher = members.body.items.find((m: { user: { email?: string } }) => m.user.email === invitedEmail);
	expect(teacher.roles).toEqual(["teacher"]);
	const promoted = await request(app)
		.put(`/v1/members/${teacher.user.id}/roles`)
		.set(admin)
		.send({ roles: ["teacher", "guardian"] });
	expect(promoted.status).toBe(200);

	const key = await request(app)
		.post("/v1/api-keys")
		.set(admin)
		.send({ name: "svc", scopes: ["runtime:read"] });
	expect(key.status).toBe(201);
	const whoami = await request(app).get("/v1/runtime/whoami").set("X-Api-Key", key.body.secret);
	expect(whoami.body.tenantId).toBe(school.tenantId);
	expect((await request(app).delete(`/v1/api-keys/${key.body.apiKey.id}`).set(admin)).status).toBe(200);
	expect((await request(app).get("/v1/runtime/whoami").set("X-Api-Key", key.body.secret)).status).toBe(401);

	const audit = await request(app).get("/v1/audit-events").query({ limit: 200 }).set(admin);
	expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
		expect.arrayContaining(["tenant.created", "invitation.created", "invitation.accepted", "member.role_changed", "apikey.created", "apikey.revoked"]),
	);

	// Unscoped, the service role reads no tenant-owned row and no school.
	for (const table of ["tenants", "memberships", "invitations", "api_keys", "audit_events"]) {
		const [row] = await service.infra.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, { type: QueryTypes.SELECT });
		expect({ table, rows: row?.n }).toEqual({ table, rows: 0 });
	}
});

test("a pending sign-up belongs to no school: only the system scope reads it, never an unscoped query or a school's scope", async () => {
	const email = uniqueEmail("pending");
	expect((await request(service.app).post("/v1/signup").send({ organizationName: "Pending School", email })).status).toBe(202);
	const count = (db: Sequelize, transaction?: Transaction) =>
		db.query<{ n: number }>("SELECT count(*)::int AS n FROM pending_signups WHERE email_normalized = $1", {
			bind: [email],
			type: QueryTypes.SELECT,
			...(transaction === undefined ? {} : { transaction }),
		});
	const db = service.infra.db;
	expect((await withSystem(db, (transaction) => count(db, transaction)))[0]?.n).toBe(1);
	expect((await count(db))[0]?.n).toBe(0);
	expect((await withTenant(db, randomUUID(), (transaction) => count(db, transaction)))[0]?.n).toBe(0);
	await expect(withTenant(db, randomUUID(), (transaction) => db.query("DELETE FROM pending_signups", { transaction }))).resolves.toBeDefined();
	expect((await withSystem(db, (transaction) => count(db, transaction)))[0]?.n).toBe(1);
});
