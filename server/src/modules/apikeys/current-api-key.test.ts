/**
 * What a deployments key (the CLI's) may read about itself and its school: the key and school by name
 * (GET /v1/api-keys/current, any live key) and the environments it can deploy to (GET /v1/environments).
 */
import { parse } from "@toolboxai/shared/node";
import { ApiKeyIdentity, EnvironmentList } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, createKey, signupSchool, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let other: SchoolAdmin;
beforeAll(async () => {
	database = await createTestDatabase("current_api_key");
	t = await startTestApp({ database });
	school = await signupSchool(t, "Cedar Ridge Keys");
	other = await signupSchool(t, "Other Keys");
	for (const [admin, name] of [
		[school, "staging"],
		[school, "live"],
		[other, "elsewhere"],
	] as const) {
		const res = await request(t.app).post("/v1/environments").set(bearer(admin.token)).send({ name, universeId: 4815162342, placeId: 1623420815 });
		if (res.status !== 201) throw new Error(`createEnvironment answered ${res.status}`);
	}
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("GET /v1/api-keys/current", () => {
	it("answers the calling key and its school by name, whatever the key's scopes, never its secret", async () => {
		for (const scopes of [["deployments:write"], ["runtime:read", "classes:join"]] as const) {
			const key = await createKey(t, school.token, scopes);
			const res = await request(t.app).get("/v1/api-keys/current").set(bearer(key.secret));
			expect(res.status).toBe(200);
			expect(parse(ApiKeyIdentity, res.body, { unknownKeys: "reject" }).ok).toBe(true);
			expect(res.body.tenant).toEqual({ id: school.tenantId, name: "Cedar Ridge Keys", kind: "school" });
			expect(res.body.apiKey).toMatchObject({ id: key.id, name: "Test experience", scopes: [...scopes].sort() });
			expect(JSON.stringify(res.body)).not.toContain(key.secret);
			expect((await request(t.app).get("/v1/api-keys/current").set("X-Api-Key", key.secret)).body.apiKey.id).toBe(key.id);
		}
	});

	it("refuses a revoked key, a made-up key and a person's access token (401)", async () => {
		const key = await createKey(t, school.token, ["deployments:write"]);
		expect((await request(t.app).delete(`/v1/api-keys/${key.id}`).set(bearer(school.token))).status).toBe(200);
		for (const credential of [key.secret, "tbx_not-a-real-key-at-all-0000000000000000000", school.token]) {
			const res = await request(t.app).get("/v1/api-keys/current").set(bearer(credential));
			expect(res.status).toBe(401);
			expect(res.body.error.code).toBe("unauthenticated");
		}
	});
});

describe("GET /v1/environments with an API key", () => {
	it("lists the key's own school's environments for a deployments:write key", async () => {
		const key = await createKey(t, school.token, ["deployments:write"]);
		const res = await request(t.app).get("/v1/environments").set(bearer(key.secret));
		expect(res.status).toBe(200);
		expect(parse(EnvironmentList, res.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(res.body.items.map((e: { name: string }) => e.name)).toEqual(["live", "staging"]);
	});

	it("refuses a key without deployments:write (403), and the other routes stay for people only", async () => {
		const runtime = await createKey(t, school.token, ["runtime:read"]);
		const refused = await request(t.app).get("/v1/environments").set(bearer(runtime.secret));
		expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([403, "forbidden", "This API key lacks the deployments:write scope."]);
		const deployer = await createKey(t, school.token, ["deployments:write"]);
		const created = await request(t.app).post("/v1/environments").set(bearer(deployer.secret)).send({ name: "sneaky", universeId: 1, placeId: 2 });
		expect(created.status).toBe(401);
	});
});
