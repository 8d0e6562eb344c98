/**
 * Production runs the service as a login role that owns no table (db/rls.ts): sign-in, tokens, refresh and
 * reset must work with the table rights it inherits, and tenant-owned rows only through the scopes.
 */
import { QueryTypes } from "sequelize";
import request from "supertest";
import type { TestApp } from "../../http/__tests__/harness";
import { startServiceRoleApps, type ServiceRoleApps } from "../../http/__tests__/service-role";
import { PASSWORD, seedTenant, seedUser } from "./__tests__/seed";

let roles: ServiceRoleApps;
let owner: TestApp;
let service: TestApp;
let login: string;

beforeAll(async () => {
	roles = await startServiceRoleApps("auth");
	({ owner, service, login } = roles);
	const tenantId = await seedTenant(owner.infra.db, "Maple Grove");
	await seedUser(owner.infra.db, "teacher@maple.example", [{ tenantId, role: "teacher" }]);
});

afterAll(() => roles?.close());

test("the service role signs in, reads /v1/me, refreshes, serves the JWKS and logs out", async () => {
	const [current] = await service.infra.db.query<{ current_user: string }>("SELECT current_user", { type: QueryTypes.SELECT });
	expect(current?.current_user).toBe(login);
	const signedIn = await request(service.app).post("/v1/auth/login").send({ email: "teacher@maple.example", password: PASSWORD });
	if (signedIn.status !== 200) throw new Error(JSON.stringify(service.logs.filter((line) => line.level === "error" || (line as { err?: unknown }).err !== undefined).slice(-3)));
	const tokens = signedIn.body;
	expect(tokens.accessToken).toEqual(expect.any(String));
	expect((await request(service.app).get("/v1/me").set("Authorization", `Bearer ${tokens.accessToken}`)).body.roles).toEqual(["teacher"]);
	const refreshed = await request(service.app).post("/v1/auth/refresh").send({ refreshToken: tokens.refreshToken });
	expect(refreshed.status).toBe(200);
	expect((await request(service.app).get("/.well-known/jwks.json")).body.keys.length).toBeGreaterThan(0);
	expect((await request(service.app).post("/v1/auth/logout").set("Authorization", `Bearer ${refreshed.body.accessToken}`).send({})).status).toBe(200);
	expect((await request(service.app).post("/v1/auth/password-reset").send({ email: "teacher@maple.example" })).status).toBe(202);
	// Failed sign-ins are audited into the school (a tenant-owned table) through the scope.
	expect((await request(service.app).post("/v1/auth/login").send({ email: "teacher@maple.example", password: "not the password" })).status).toBe(401);
});
