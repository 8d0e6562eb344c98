/**
 * Game servers' keys kept verified (api-key-cache.ts): two instances of the service on one database and one Redis,
 * as production runs them. A kept key costs no query; a revoke answered by one instance is refused by the very next
 * request on either instance; a service without Redis (one instance) refuses at once too.
 */
import request from "supertest";
import { createTestDatabase, sqlDuring, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, createKey, signupSchool, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";

let database: TestDatabase;
let a: TestApp;
let b: TestApp;
let admin: SchoolAdmin;

beforeAll(async () => {
	database = await createTestDatabase("api_key_cache");
	a = await startTestApp({ database });
	b = await startTestApp({ database });
	admin = await signupSchool(a, "Kept Keys School");
});
afterAll(async () => {
	await a?.close();
	await b?.close();
	await database?.drop();
});

const whoami = (t: TestApp, secret: string) => request(t.app).get("/v1/runtime/whoami").set("X-Api-Key", secret).set("X-Roblox-Job-Id", "job-1");

it("a kept key's requests run no query to authenticate", async () => {
	const key = await createKey(a, admin.token, ["runtime:read"]);
	expect((await whoami(b, key.secret)).status).toBe(200);
	const sql = await sqlDuring(b, async () => {
		for (let i = 0; i < 3; i++) expect((await whoami(b, key.secret)).status).toBe(200);
	});
	expect(sql.filter((text) => text.includes("api_keys"))).toEqual([]);
});

it("after a revoke answers on one instance, the next request with the key is refused on both", async () => {
	const key = await createKey(a, admin.token, ["runtime:read"]);
	for (const t of [a, b]) expect((await whoami(t, key.secret)).status).toBe(200);
	await request(a.app).delete(`/v1/api-keys/${key.id}`).set(bearer(admin.token)).expect(200);
	expect((await whoami(b, key.secret)).status).toBe(401);
	expect((await whoami(a, key.secret)).status).toBe(401);
	// Another key of the school goes on working.
	const other = await createKey(a, admin.token, ["runtime:read"]);
	expect((await whoami(b, other.secret)).status).toBe(200);
});

it("without Redis (one instance, the embedded default's way), a revoke is refused at once as well", async () => {
	// A database of its own: each test app seals its signing keys with a secrets key under its own data directory.
	const singleDatabase = await createTestDatabase("api_key_cache_single");
	const single = await startTestApp({ database: singleDatabase, env: { REDIS_URL: "" } });
	try {
		expect(single.config.redisUrl).toBeUndefined();
		const own = await signupSchool(single, "Single Instance School");
		const key = await createKey(single, own.token, ["runtime:read"]);
		expect((await whoami(single, key.secret)).status).toBe(200);
		await request(single.app).delete(`/v1/api-keys/${key.id}`).set(bearer(own.token)).expect(200);
		expect((await whoami(single, key.secret)).status).toBe(401);
	} finally {
		await single.close();
		await singleDatabase.drop();
	}
});
