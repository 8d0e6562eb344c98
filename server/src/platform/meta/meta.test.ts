import { readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { checkProtocol, parse } from "@toolboxai/shared/node";
import { Meta, PROTOCOL_VERSION } from "@toolboxai/shared";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";

let database: TestDatabase;
let t: TestApp;
beforeAll(async () => {
	database = await createTestDatabase("meta");
	t = await startTestApp({ database });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

describe("GET /v1/meta", () => {
	it("answers the Meta contract with the protocol, package version and clock", async () => {
		const before = Date.now();
		const res = await request(t.app).get("/v1/meta");
		expect(res.status).toBe(200);
		expect(res.headers["content-type"]).toMatch(/^application\/json/);
		expect(parse(Meta, res.body, { unknownKeys: "reject" })).toEqual({ ok: true, value: res.body });
		const packageVersion = (JSON.parse(readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8")) as { version: string }).version;
		expect(res.body.protocolVersion).toBe(PROTOCOL_VERSION);
		expect(res.body.serverVersion).toBe(packageVersion);
		expect(Date.parse(res.body.serverTime)).toBeGreaterThanOrEqual(before - 1000);
		expect(checkProtocol(res.body.protocolVersion).compatible).toBe(true);
	});

	it.each(["/v1/meta", "/healthz", "/v1/nope", "/openapi.json", "/docs"])("X-ToolBoxAI-Protocol is on every response (%s)", async (url) => {
		const res = await request(t.app).get(url);
		expect(res.headers["x-toolboxai-protocol"]).toBe(PROTOCOL_VERSION);
	});

	it("sends the security headers", async () => {
		const res = await request(t.app).get("/v1/meta");
		expect(res.headers["x-content-type-options"]).toBe("nosniff");
		expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
		expect(res.headers["content-security-policy"]).not.toContain("upgrade-insecure-requests");
		expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
		expect(res.headers["referrer-policy"]).toBe("no-referrer");
		expect(res.headers["x-powered-by"]).toBeUndefined();
		expect(res.headers["strict-transport-security"]).toBeUndefined();
	});
});
