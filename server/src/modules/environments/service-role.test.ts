/**
 * Production runs the service as a login role that owns no table (db/rls.ts): environments must work through
 * their tenant scope alone, and the deployments seam must read them the same way.
 */
import { QueryTypes } from "sequelize";
import request from "supertest";
import type { TestApp } from "../../http/__tests__/harness";
import { startServiceRoleApps, type ServiceRoleApps } from "../../http/__tests__/service-role";
import { bearer, signupSchool } from "../tenancy/__tests__/tenancy-fixtures";
import { loadDeployTarget } from "./deploy-target";

let roles: ServiceRoleApps;
let service: TestApp;
let login: string;

beforeAll(async () => {
	roles = await startServiceRoleApps("environments");
	({ service, login } = roles);
});
afterAll(() => roles?.close());

test("environments are created, listed, updated, loaded for a deploy and deleted as the service role, which sees no row unscoped", async () => {
	const [current] = await service.infra.db.query<{ current_user: string }>("SELECT current_user", { type: QueryTypes.SELECT });
	expect(current?.current_user).toBe(login);
	const app = service.app;
	const school = await signupSchool(service, "Service Role Environments");
	const admin = bearer(school.token);
	const tenantId = school.tenantId;

	const created = await request(app).post("/v1/environments").set(admin).send({ name: "staging", universeId: 11, placeId: 22 });
	expect(created.status).toBe(201);
	expect((await request(app).post("/v1/environments").set(admin).send({ name: "staging", universeId: 11, placeId: 22 })).status).toBe(409);
	expect((await request(app).get("/v1/environments").set(admin)).body.items.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
	expect((await request(app).patch(`/v1/environments/${created.body.id}`).set(admin).send({ placeId: 33 })).body.placeId).toBe(33);
	expect(await loadDeployTarget(service, tenantId, "staging")).toMatchObject({ id: created.body.id, placeId: 33, mode: "dry_run" });

	const [unscoped] = await service.infra.db.query<{ n: number }>("SELECT count(*)::int AS n FROM deployment_environments", { type: QueryTypes.SELECT });
	expect(unscoped?.n).toBe(0);

	expect((await request(app).delete(`/v1/environments/${created.body.id}`).set(admin)).status).toBe(200);
	expect((await request(app).get("/v1/environments").set(admin)).body.items).toEqual([]);
});
