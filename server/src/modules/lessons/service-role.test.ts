/**
 * Production runs the service as a login role that owns no table (db/rls.ts). Lessons and versions must work
 * through their tenant scope alone (including the immutability trigger and the denormalised latest/published
 * versions): every flow below runs against an app connected as such a role.
 */
import { QueryTypes } from "sequelize";
import request from "supertest";
import type { TestApp } from "../../http/__tests__/harness";
import { startServiceRoleApps, type ServiceRoleApps } from "../../http/__tests__/service-role";
import { bearer, signupSchool } from "../tenancy/__tests__/tenancy-fixtures";
import { sampleContent } from "./__tests__/lesson-fixtures";

let roles: ServiceRoleApps;
let service: TestApp;
let login: string;

beforeAll(async () => {
	roles = await startServiceRoleApps("lessons");
	({ service, login } = roles);
});

afterAll(() => roles?.close());

test("lessons, versions, idempotent upload, diff and publish work as the service role, which sees no lesson row unscoped", async () => {
	const [current] = await service.infra.db.query<{ current_user: string }>("SELECT current_user", { type: QueryTypes.SELECT });
	expect(current?.current_user).toBe(login);
	const app = service.app;
	const school = await signupSchool(service, "Service Role Lessons");
	const admin = bearer(school.token);

	const lesson = await request(app)
		.post("/v1/lessons")
		.set(admin)
		.send({ title: "Service lesson", subject: "math", gradeBand: "3-5", objectives: ["x"] });
	expect(lesson.status).toBe(201);
	const versions = `/v1/lessons/${lesson.body.id}/versions`;
	expect((await request(app).post(versions).set(admin).send({ version: "1.0.0", content: sampleContent() })).status).toBe(201);
	expect((await request(app).post(versions).set(admin).send({ version: "1.0.1", content: sampleContent() })).status).toBe(200);
	expect(
		(
			await request(app)
				.post(versions)
				.set(admin)
				.send({ version: "1.1.0", content: { ...sampleContent(), title: "Two" } })
		).status,
	).toBe(201);
	expect(
		(
			await request(app)
				.post(versions)
				.set(admin)
				.send({ version: "1.0.5", content: { ...sampleContent(), title: "Three" } })
		).status,
	).toBe(409);
	const diff = await request(app).get(`/v1/lessons/${lesson.body.id}/diff`).query({ from: "1.0.0", to: "1.1.0" }).set(admin);
	expect(diff.body).toMatchObject({ titleChanged: true, added: [], removed: [], changed: [] });
	const published = await request(app).post(`${versions}/1.1.0/publish`).set(admin).send({});
	expect(published.status).toBe(200);
	const list = await request(app).get("/v1/lessons").query({ status: "published" }).set(admin);
	expect(list.body.items).toEqual([expect.objectContaining({ id: lesson.body.id, latestVersion: "1.1.0", publishedVersion: "1.1.0" })]);
	expect((await request(app).patch(`/v1/lessons/${lesson.body.id}`).set(admin).send({ status: "archived" })).body.status).toBe("archived");

	for (const table of ["lessons", "lesson_versions"]) {
		const [unscoped] = await service.infra.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, { type: QueryTypes.SELECT });
		expect({ table, n: unscoped?.n }).toEqual({ table, n: 0 });
	}
});
