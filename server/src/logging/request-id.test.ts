import { isUuid } from "@toolboxai/shared/node";
import request from "supertest";
import { echoModule } from "../http/__tests__/echo-module";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../http/__tests__/harness";
import { requestIdFrom } from "./request-id";

/** A fresh request id is a random (version 4, RFC 9562 variant) UUID in lower case. */
function isFreshId(id: unknown): boolean {
	return typeof id === "string" && isUuid(id) && id === id.toLowerCase() && id[14] === "4" && "89ab".includes(id[19] ?? "");
}

describe("requestIdFrom", () => {
	it.each(["lb-7f3a9c1e", "3f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b", "Root=1-67891233-abcdef012345678912345678"])("keeps a sane incoming id %p", (id) => {
		expect(requestIdFrom(id)).toBe(id);
	});

	it.each([
		["empty", ""],
		["too short", "abc"],
		["too long", "a".repeat(129)],
		["spaces", "hello world 123"],
		["a log-injection attempt", 'x"}\n{"level":"fatal'],
		["non-ASCII", "idé-12345678"],
	])("replaces %s with a fresh UUID", (_label, id) => {
		expect(isFreshId(requestIdFrom(id))).toBe(true);
	});

	it("makes a new UUID when there is none, and uses the first of repeated headers", () => {
		expect(isFreshId(requestIdFrom(undefined))).toBe(true);
		expect(requestIdFrom(["first-123456", "second-123456"])).toBe("first-123456");
	});
});

describe("request id through the app", () => {
	let database: TestDatabase;
	let t: TestApp;
	beforeAll(async () => {
		database = await createTestDatabase("request_id");
		t = await startTestApp({ database, extraModules: [echoModule] });
	});
	afterAll(async () => {
		await t?.close();
		await database?.drop();
	});

	it("honours a sane incoming X-Request-Id: response header, every log line of the request", async () => {
		const id = "edge-5c2d9e7f-0001";
		const res = await request(t.app).post("/v1/test/echo").set("X-Request-Id", id).send({ name: "Ada", items: [] });
		expect(res.status).toBe(200);
		expect(res.headers["x-request-id"]).toBe(id);
		const lines = t.logs.filter((line) => line.requestId === id);
		expect(lines.map((line) => line.msg)).toEqual(["echo handler ran", "POST /v1/test/echo 200"]);
	});

	it("puts the id in error bodies, and replaces an insane one", async () => {
		const res = await request(t.app).get("/v1/missing").set("X-Request-Id", "bad id with spaces");
		expect(isFreshId(res.headers["x-request-id"])).toBe(true);
		expect(res.body.error.requestId).toBe(res.headers["x-request-id"]);
		const finished = t.logs.find((line) => line.requestId === res.headers["x-request-id"]);
		expect(finished).toMatchObject({ level: "warn", msg: "GET /v1/missing 404" });
	});

	it("gives each request its own id", async () => {
		const [a, b] = await Promise.all([request(t.app).get("/healthz"), request(t.app).get("/healthz")]);
		expect(isFreshId(a.headers["x-request-id"])).toBe(true);
		expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"]);
	});

	it("never logs credentials", async () => {
		const id = "redact-check-0001";
		await request(t.app).get("/v1/meta").set("X-Request-Id", id).set("Authorization", "Bearer sekrit-token").set("Cookie", "sid=sekrit");
		const lines = JSON.stringify(t.logs.filter((line) => line.requestId === id));
		expect(lines).toContain(id);
		expect(lines).not.toContain("sekrit");
	});
});
