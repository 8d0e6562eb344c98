import request from "supertest";
import { Health, Readiness } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";

describe("health and readiness", () => {
	let database: TestDatabase;
	let t: TestApp;
	beforeEach(async () => {
		database = await createTestDatabase("health");
		t = await startTestApp({ database });
	});
	afterEach(async () => {
		await t?.close();
		await database?.drop();
	});

	it("GET /healthz answers the Health contract", async () => {
		const res = await request(t.app).get("/healthz");
		expect(res.status).toBe(200);
		expect(parse(Health, res.body)).toEqual({ ok: true, value: { status: "ok" } });
	});

	it("GET /readyz is ok when the database and the queue answer", async () => {
		const res = await request(t.app).get("/readyz");
		expect(res.status).toBe(200);
		expect(parse(Readiness, res.body, { unknownKeys: "reject" })).toMatchObject({ ok: true });
		expect(res.body).toEqual({ status: "ok", checks: { database: "ok", queue: "ok" } });
	});

	it("GET /readyz answers 503 naming the database once it is closed, while /healthz stays up", async () => {
		await t.infra.db.close();
		const res = await request(t.app).get("/readyz");
		expect(res.status).toBe(503);
		expect(res.body).toEqual({ status: "failed", checks: { database: "failed", queue: "ok" } });
		expect((await request(t.app).get("/healthz")).status).toBe(200);
		expect(t.logs.some((line) => line.msg === "readiness: database failed")).toBe(true);
	});

	it("GET /readyz answers 503 naming the queue once it is closed", async () => {
		await t.infra.queue.close(1000);
		const res = await request(t.app).get("/readyz");
		expect(res.status).toBe(503);
		expect(res.body.checks).toEqual({ database: "ok", queue: "failed" });
	});

	it("GET /readyz fails while the process drains for shutdown", async () => {
		const before = await request(t.app).get("/readyz").set("Connection", "keep-alive");
		expect(before.headers.connection).toBe("keep-alive");
		t.lifecycle.beginDrain();
		const res = await request(t.app).get("/readyz").set("Connection", "keep-alive");
		expect(res.status).toBe(503);
		expect(res.body).toEqual({ status: "failed", checks: { database: "ok", queue: "ok" }, draining: true });
		expect(res.headers.connection).toBe("close");
	});
});

describe("readiness with a database on a closed port", () => {
	it("GET /readyz names the database when its server goes away", async () => {
		const database = await createTestDatabase("health_gone");
		const t = await startTestApp({ database });
		try {
			// Drop the database under the running app: its connections are terminated, new ones are refused.
			await database.drop();
			const res = await request(t.app).get("/readyz");
			expect(res.status).toBe(503);
			expect(res.body.checks.database).toBe("failed");
		} finally {
			await t.close().catch(() => undefined);
		}
	});
});
