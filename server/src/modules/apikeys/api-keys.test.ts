import { createHash } from "node:crypto";
import { parse } from "@toolboxai/shared/node";
import { ApiKeyCreated, RuntimeWhoAmI } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { AppError } from "../../errors/app-error";
import { addPerson, auditActions, bearer, createKey, signupSchool, systemQuery, type Person, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { API_KEY_LIMITS, apiKeyAuthenticator } from "./api-key-authenticator";
import { authenticateApiKey, LAST_USED_RESOLUTION_MS } from "./authenticate-api-key";

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let teacher: Person;
beforeAll(async () => {
	database = await createTestDatabase("api_keys");
	t = await startTestApp({ database });
	school = await signupSchool(t, "Keyed School");
	teacher = await addPerson(t, school.tenantId, ["teacher"]);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const whoami = (secret: string) => request(t.app).get("/v1/runtime/whoami").set("X-Api-Key", secret);

describe("POST /v1/api-keys", () => {
	it("answers the secret once; only its SHA-256 and a display prefix are stored; apikey.created is audited", async () => {
		const res = await request(t.app)
			.post("/v1/api-keys")
			.set(bearer(school.token))
			.send({ name: "Fractions", universeId: 4815162342, scopes: ["runtime:read", "progress:write", "runtime:read"] });
		expect(res.status).toBe(201);
		expect(parse(ApiKeyCreated, res.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(res.body.secret).toMatch(/^tbx_[A-Za-z0-9_-]{43}$/);
		expect(res.body.apiKey).toMatchObject({ name: "Fractions", universeId: 4815162342, scopes: ["progress:write", "runtime:read"] });
		expect(res.body.secret.startsWith(res.body.apiKey.prefix)).toBe(true);
		const [row] = await systemQuery<{ secret_hash: Buffer }>(t, "SELECT secret_hash FROM api_keys WHERE id = $1", [res.body.apiKey.id]);
		expect(row?.secret_hash.equals(createHash("sha256").update(res.body.secret).digest())).toBe(true);
		const everything = await systemQuery(t, "SELECT * FROM api_keys");
		expect(JSON.stringify(everything)).not.toContain(res.body.secret);
		const list = await request(t.app).get("/v1/api-keys").set(bearer(school.token));
		expect(list.status).toBe(200);
		expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
		expect(list.body.items.map((k: { id: string }) => k.id)).toContain(res.body.apiKey.id);
		expect(await auditActions(t, school.tenantId)).toContain("apikey.created");
	});

	it("is refused to a teacher, for creating and for listing (403)", async () => {
		expect(
			(
				await request(t.app)
					.post("/v1/api-keys")
					.set(bearer(teacher.token))
					.send({ name: "x", scopes: ["runtime:read"] })
			).status,
		).toBe(403);
		expect((await request(t.app).get("/v1/api-keys").set(bearer(teacher.token))).status).toBe(403);
	});

	it("refuses unknown scopes and empty scope lists (422)", async () => {
		expect(
			(
				await request(t.app)
					.post("/v1/api-keys")
					.set(bearer(school.token))
					.send({ name: "x", scopes: ["admin"] })
			).status,
		).toBe(422);
		expect((await request(t.app).post("/v1/api-keys").set(bearer(school.token)).send({ name: "x", scopes: [] })).status).toBe(422);
	});
});

describe("GET /v1/runtime/whoami (a key end to end)", () => {
	it("answers the key's school and scopes, with the key in X-Api-Key or as a Bearer token", async () => {
		const key = await createKey(t, school.token, ["runtime:read", "classes:join"]);
		for (const res of [await whoami(key.secret), await request(t.app).get("/v1/runtime/whoami").set(bearer(key.secret))]) {
			expect(res.status).toBe(200);
			expect(parse(RuntimeWhoAmI, res.body, { unknownKeys: "reject" }).ok).toBe(true);
			expect(res.body).toEqual({ tenantId: school.tenantId, apiKeyId: key.id, scopes: ["classes:join", "runtime:read"] });
		}
	});

	it("refuses a key without runtime:read (403), an unknown key (401) and a user's access token (401)", async () => {
		const key = await createKey(t, school.token, ["progress:write"]);
		expect((await whoami(key.secret)).status).toBe(403);
		expect((await whoami(`tbx_${"A".repeat(43)}`)).status).toBe(401);
		expect((await request(t.app).get("/v1/runtime/whoami").set(bearer(school.token))).status).toBe(401);
	});

	it("a revoked key stops working at once; revoking is audited and repeatable", async () => {
		const key = await createKey(t, school.token);
		expect((await whoami(key.secret)).status).toBe(200);
		const revoked = await request(t.app).delete(`/v1/api-keys/${key.id}`).set(bearer(school.token));
		expect(revoked.status).toBe(200);
		expect(revoked.body.revokedAt).toEqual(expect.any(String));
		expect((await whoami(key.secret)).status).toBe(401);
		const again = await request(t.app).delete(`/v1/api-keys/${key.id}`).set(bearer(school.token));
		expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
		expect((await auditActions(t, school.tenantId)).filter((a) => a === "apikey.revoked")).toHaveLength(1);
		expect((await request(t.app).delete(`/v1/api-keys/${key.id}`).set(bearer(teacher.token))).status).toBe(403);
	});
});

describe("authenticateApiKey", () => {
	it("writes last_used_at at most once a minute per key", async () => {
		const key = await createKey(t, school.token);
		const lastUsed = async () => (await systemQuery<{ last_used_at: Date | null }>(t, "SELECT last_used_at FROM api_keys WHERE id = $1", [key.id]))[0]?.last_used_at;
		expect(await lastUsed()).toBeNull();
		const start = new Date("2030-01-01T00:00:00Z");
		await authenticateApiKey(t.infra.db, key.secret, { now: start });
		expect((await lastUsed())?.toISOString()).toBe(start.toISOString());
		await authenticateApiKey(t.infra.db, key.secret, { now: new Date(start.getTime() + LAST_USED_RESOLUTION_MS - 1) });
		expect((await lastUsed())?.toISOString()).toBe(start.toISOString());
		const later = new Date(start.getTime() + LAST_USED_RESOLUTION_MS);
		await authenticateApiKey(t.infra.db, key.secret, { now: later });
		expect((await lastUsed())?.toISOString()).toBe(later.toISOString());
	});

	it("reads the game server from X-Roblox-Job-Id: a JobId or an empty one is accepted, anything else is 400", async () => {
		const key = await createKey(t, school.token);
		expect((await whoami(key.secret).set("X-Roblox-Job-Id", "0f3a9c1e-7b2d-4e5f-8a9b-1c2d3e4f5a6b")).status).toBe(200);
		expect((await whoami(key.secret).set("X-Roblox-Job-Id", "")).status).toBe(200);
		for (const bad of ["a b", "x".repeat(65), "../../etc", "id;drop"]) {
			const res = await whoami(key.secret).set("X-Roblox-Job-Id", bad);
			expect(res.status).toBe(400);
			expect(res.body.error.code).toBe("bad_request");
			expect(res.body.error.message).toContain("X-Roblox-Job-Id");
		}
	});

	it("ignores anything that is not shaped like one of our keys, without a lookup", async () => {
		expect(await authenticateApiKey(t.infra.db, "tbx_short")).toBeUndefined();
		expect(await authenticateApiKey(t.infra.db, "' OR 1=1 --")).toBeUndefined();
	});

	it("is rate limited per key, not per address: one key over its budget gets 429 + Retry-After, another key still works", async () => {
		const limited = apiKeyAuthenticator(t, { ...API_KEY_LIMITS, withoutGameServer: { ...API_KEY_LIMITS.withoutGameServer, name: "api_key_test", points: 3 } });
		const busy = await createKey(t, school.token);
		const quiet = await createKey(t, school.token);
		for (let i = 0; i < 3; i++) expect((await limited(t.infra.db, busy.secret))?.actor.apiKeyId).toBe(busy.id);
		const refusal = await limited(t.infra.db, busy.secret).catch((error: unknown) => error);
		expect(refusal).toBeInstanceOf(AppError);
		expect((refusal as AppError).code).toBe("rate_limited");
		expect(Number((refusal as AppError).headers?.["Retry-After"])).toBeGreaterThan(0);
		expect((await limited(t.infra.db, quiet.secret))?.actor.apiKeyId).toBe(quiet.id);
	});
});
