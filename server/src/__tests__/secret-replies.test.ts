/**
 * Compression on the real service: large JSON goes out compressed, and the list of replies that carry a secret
 * (http/secret-replies.ts, whose exclusion http/compress-replies.test.ts checks path by path) names only routes the
 * service really has.
 */
import type { Server } from "node:http";
import { gunzipSync } from "node:zlib";
import { operationsOf } from "../app";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../http/__tests__/harness";
import { listen, rawRequest } from "../http/__tests__/raw-get";
import { SECRET_REPLIES } from "../http/secret-replies";

describe("the service's replies", () => {
	let database: TestDatabase;
	let t: TestApp;
	let server: Server;
	beforeAll(async () => {
		database = await createTestDatabase("compression");
		t = await startTestApp({ database });
		server = await listen(t.app);
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
		await t?.close();
		await database?.drop();
	});

	it("lists only secret replies the service really has (a renamed route cannot drop off the list unnoticed)", () => {
		const operations = new Set(operationsOf(t.app).map((route) => `${route.method} ${route.path}`));
		const missing = SECRET_REPLIES.filter(({ method, path }) => !operations.has(`${method} ${path}`));
		expect(missing).toEqual([]);
	});

	it("compresses a large JSON document for a client that accepts gzip", async () => {
		const res = await rawRequest(server, "GET", "/openapi.json", { "Accept-Encoding": "gzip" });
		expect(res.status).toBe(200);
		expect(res.headers["content-encoding"]).toBe("gzip");
		expect(res.headers.vary).toMatch(/Accept-Encoding/i);
		const document = JSON.parse(gunzipSync(res.body).toString("utf8"));
		expect(document.paths["/v1/overview"]).toBeDefined();
	});
});
