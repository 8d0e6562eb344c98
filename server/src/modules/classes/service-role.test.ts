/**
 * Production runs the service as a login role that owns no table (db/rls.ts). Classes must work through their
 * scopes alone, including the code lookup the game will use (system scope): every flow below runs against an
 * app connected as such a role.
 */
import { QueryTypes } from "sequelize";
import request from "supertest";
import type { TestApp } from "../../http/__tests__/harness";
import { startServiceRoleApps, type ServiceRoleApps } from "../../http/__tests__/service-role";
import { bearer, signupSchool } from "../tenancy/__tests__/tenancy-fixtures";
import { findClassByJoinCode } from "./find-class-by-join-code";

let roles: ServiceRoleApps;
let service: TestApp;
let login: string;

beforeAll(async () => {
	roles = await startServiceRoleApps("classes");
	({ service, login } = roles);
});

afterAll(() => roles?.close());

test("classes, join codes, roster and assignments work as the service role, which sees no class row unscoped", async () => {
	const [current] = await service.infra.db.query<{ current_user: string }>("SELECT current_user", { type: QueryTypes.SELECT });
	expect(current?.current_user).toBe(login);
	const app = service.app;
	const school = await signupSchool(service, "Service Role Classes");
	const admin = bearer(school.token);

	const created = await request(app).post("/v1/classes").set(admin).send({ name: "Service class" });
	expect(created.status).toBe(201);
	const rotated = await request(app).post(`/v1/classes/${created.body.id}/join-code`).set(admin).send({});
	expect(rotated.status).toBe(201);
	expect(await findClassByJoinCode(service.infra.db, created.body.joinCode)).toBeUndefined();
	expect((await findClassByJoinCode(service.infra.db, rotated.body.joinCode))?.classId).toBe(created.body.id);

	const lesson = await request(app).post("/v1/lessons").set(admin).send({ title: "Service lesson", subject: "math", gradeBand: "3-5", objectives: [] });
	const content = { schemaVersion: 1, title: "Service lesson", steps: [{ kind: "instruction", id: "intro", text: "Hello" }] };
	expect((await request(app).post(`/v1/lessons/${lesson.body.id}/versions`).set(admin).send({ version: "1.0.0", content })).status).toBe(201);
	expect((await request(app).post(`/v1/lessons/${lesson.body.id}/versions/1.0.0/publish`).set(admin).send({})).status).toBe(200);
	const assigned = await request(app).post(`/v1/classes/${created.body.id}/assignments`).set(admin).send({ lessonId: lesson.body.id, version: "1.0.0" });
	expect(assigned.status).toBe(201);
	expect((await request(app).get(`/v1/classes/${created.body.id}/assignments`).set(admin)).body.items).toHaveLength(1);
	expect((await request(app).get(`/v1/classes/${created.body.id}/roster`).set(admin)).body).toEqual({ items: [] });
	expect((await request(app).get("/v1/classes").set(admin)).body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);

	for (const table of ["classes", "class_join_codes", "class_assignments"]) {
		const [unscoped] = await service.infra.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, { type: QueryTypes.SELECT });
		expect({ table, n: unscoped?.n }).toEqual({ table, n: 0 });
	}
});
