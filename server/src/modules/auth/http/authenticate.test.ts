import { randomUUID } from "node:crypto";
import { s } from "@toolboxai/shared";
import express from "express";
import request from "supertest";
import { createApiKey } from "../../apikeys/create-api-key";
import { PASSWORD, seedTenant, seedUser } from "../__tests__/seed";
import type { AppModule } from "../../../http/app-module";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { RouteRegistry } from "../../../http/registry";
import { defineRoute } from "../../../http/route";

const WhoAmI = s.object({ caller: s.record(s.unknown()) });

/** Routes of each access kind, answering with the caller authentication established. */
const accessModule: AppModule = {
	name: "access-test",
	routes: () => [
		defineRoute({
			method: "get",
			path: "/v1/test/signed-in",
			operationId: "testSignedIn",
			summary: "Any signed-in user (tests only)",
			tags: ["test"],
			access: { kind: "user" },
			response: { status: 200, body: WhoAmI, description: "The caller." },
			errors: [],
			handle: ({ req }) => ({ caller: { ...req.caller } }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/test/audit-readers",
			operationId: "testAuditReaders",
			summary: "Users whose role may read the audit log (tests only)",
			tags: ["test"],
			access: { kind: "user", permission: "audit:read" },
			response: { status: 200, body: WhoAmI, description: "The caller." },
			errors: [],
			handle: ({ req }) => ({ caller: { ...req.caller } }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/test/progress",
			operationId: "testProgress",
			summary: "Game servers with progress:write (tests only)",
			tags: ["test"],
			access: { kind: "api_key", scope: "progress:write" },
			request: { body: s.object({ n: s.integer() }), example: { n: 1 } },
			response: { status: 200, body: WhoAmI, description: "The caller." },
			errors: [],
			handle: ({ req }) => ({ caller: { ...req.caller } }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/test/deployers",
			operationId: "testDeployers",
			summary: "Deploy managers by token, or CI by key with deployments:write (tests only)",
			tags: ["test"],
			access: { kind: "user_or_api_key", permission: "deployments:manage", scope: "deployments:write" },
			response: { status: 200, body: WhoAmI, description: "The caller." },
			errors: [],
			handle: ({ req }) => ({ caller: { ...req.caller } }),
		}),
	],
};

let database: TestDatabase;
let t: TestApp;
let tenantId: string;
let adminId: string;

beforeAll(async () => {
	database = await createTestDatabase("authenticate");
	t = await startTestApp({ database, extraModules: [accessModule] });
	tenantId = await seedTenant(t.infra.db, "Maple Grove");
	adminId = await seedUser(t.infra.db, "admin@maple.example", [{ tenantId, role: "tenant_admin" }]);
	await seedUser(t.infra.db, "teacher@maple.example", [{ tenantId, role: "teacher" }]);
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function accessToken(email: string): Promise<string> {
	const res = await request(t.app).post("/v1/auth/login").send({ email, password: PASSWORD });
	expect(res.status).toBe(200);
	return res.body.accessToken;
}

async function apiKey(scopes: Array<"runtime:read" | "progress:write" | "deployments:write">): Promise<string> {
	const admin = { tenantId, actor: { kind: "user" as const, userId: adminId, roles: ["tenant_admin" as const], sessionId: randomUUID() }, origin: {} };
	return (await createApiKey(t, admin, { name: `key ${scopes.join(" ")}`, scopes })).secret;
}

describe("user access", () => {
	it("sets req.caller from the access token", async () => {
		const res = await request(t.app)
			.get("/v1/test/signed-in")
			.set("Authorization", `Bearer ${await accessToken("teacher@maple.example")}`);
		expect(res.status).toBe(200);
		expect(res.body.caller).toEqual({
			tenantId,
			actor: { kind: "user", userId: expect.any(String), roles: ["teacher"], sessionId: expect.any(String) },
			origin: { ip: expect.any(String), requestId: expect.any(String) },
		});
	});

	it("checks the route's permission against the roles: 403 for a teacher, 200 for a tenant admin", async () => {
		const teacher = await request(t.app)
			.get("/v1/test/audit-readers")
			.set("Authorization", `Bearer ${await accessToken("teacher@maple.example")}`);
		expect(teacher.status).toBe(403);
		expect(teacher.body.error.code).toBe("forbidden");
		const admin = await request(t.app)
			.get("/v1/test/audit-readers")
			.set("Authorization", `Bearer ${await accessToken("admin@maple.example")}`);
		expect(admin.status).toBe(200);
		expect(admin.body.caller.actor.roles).toEqual(["tenant_admin"]);
	});

	it("answers 401 with a Bearer challenge for no, malformed or non-Bearer credentials, and for an API key", async () => {
		const key = await apiKey(["runtime:read", "progress:write"]);
		for (const headers of [{}, { Authorization: "Bearer" }, { Authorization: "Basic YWRtaW46YWRtaW4=" }, { Authorization: `Bearer ${key}` }, { "X-Api-Key": key }]) {
			const res = await request(t.app).get("/v1/test/signed-in").set(headers);
			expect({ headers, status: res.status, code: res.body.error?.code }).toEqual({ headers, status: 401, code: "unauthenticated" });
			expect(res.headers["www-authenticate"]).toBe('Bearer realm="toolboxai"');
		}
	});
});

describe("API key access", () => {
	it("accepts a key with the scope in X-Api-Key or as a Bearer token, and sets the api_key caller", async () => {
		const key = await apiKey(["progress:write"]);
		for (const header of [{ "X-Api-Key": key }, { Authorization: `Bearer ${key}` }]) {
			const res = await request(t.app).post("/v1/test/progress").set(header).send({ n: 1 });
			expect(res.status).toBe(200);
			expect(res.body.caller).toEqual({
				tenantId,
				actor: { kind: "api_key", apiKeyId: expect.any(String), scopes: ["progress:write"] },
				origin: { ip: expect.any(String), requestId: expect.any(String) },
			});
		}
	});

	it("refuses a key without the route's scope (403), an unknown key and a user's access token (401)", async () => {
		const readOnly = await apiKey(["runtime:read"]);
		const wrongScope = await request(t.app).post("/v1/test/progress").set("X-Api-Key", readOnly).send({ n: 1 });
		expect(wrongScope.status).toBe(403);
		expect(wrongScope.body.error.code).toBe("forbidden");
		const unknown = await request(t.app).post("/v1/test/progress").set("X-Api-Key", "tbx_thisisnotakeythatexists000000000000").send({ n: 1 });
		expect(unknown.status).toBe(401);
		expect(unknown.headers["www-authenticate"]).toMatch(/^Bearer/);
		const userToken = await request(t.app)
			.post("/v1/test/progress")
			.set("Authorization", `Bearer ${await accessToken("admin@maple.example")}`)
			.send({ n: 1 });
		expect(userToken.status).toBe(401);
	});
});

describe("user or API key access", () => {
	it("takes a user with the permission or a key with the scope, and nobody else", async () => {
		const admin = await request(t.app)
			.get("/v1/test/deployers")
			.set("Authorization", `Bearer ${await accessToken("admin@maple.example")}`);
		expect(admin.status).toBe(200);
		expect(admin.body.caller).toMatchObject({ actor: { kind: "user", roles: ["tenant_admin"] } });
		const deployKey = await apiKey(["deployments:write"]);
		for (const header of [{ "X-Api-Key": deployKey }, { Authorization: `Bearer ${deployKey}` }]) {
			const res = await request(t.app).get("/v1/test/deployers").set(header);
			expect(res.status).toBe(200);
			expect(res.body.caller).toMatchObject({ tenantId, actor: { kind: "api_key", scopes: ["deployments:write"] } });
		}
		const teacher = await request(t.app)
			.get("/v1/test/deployers")
			.set("Authorization", `Bearer ${await accessToken("teacher@maple.example")}`);
		expect([teacher.status, teacher.body.error.code]).toEqual([403, "forbidden"]);
		const gameKey = await request(t.app)
			.get("/v1/test/deployers")
			.set("X-Api-Key", await apiKey(["progress:write"]));
		expect([gameKey.status, gameKey.body.error.code]).toEqual([403, "forbidden"]);
		const unknownKey = await request(t.app).get("/v1/test/deployers").set("X-Api-Key", "tbx_thisisnotakeythatexists000000000000");
		expect(unknownKey.status).toBe(401);
		expect((await request(t.app).get("/v1/test/deployers")).status).toBe(401);
	});
});

test("mounting a non-public route without an authenticator fails instead of serving it open", () => {
	const registry = new RouteRegistry();
	registry.add(accessModule.routes({} as never));
	expect(() => registry.mount(express.Router(), { maxBodyBytes: 1024, validateResponses: true })).toThrow(/testSignedIn needs user access, but no authenticator/);
});
