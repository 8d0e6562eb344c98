import pino from "pino";
import request from "supertest";
import { createApp } from "./app";
import type { AppModule } from "./http/app-module";
import { defineRoute } from "./http/route";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "./http/__tests__/harness";
import { s } from "@toolboxai/shared";

/** A module with a route that enqueues and a job that records what it ran: the two halves createApp composes. */
function pingModule(ran: string[]): AppModule {
	return {
		name: "ping",
		routes: ({ infra }) => [
			defineRoute({
				method: "post",
				path: "/v1/test/pings",
				operationId: "postTestPing",
				summary: "Enqueue a ping job (tests only)",
				tags: ["test"],
				access: { kind: "public" },
				request: { body: s.object({ word: s.string({ minLength: 1 }) }), example: { word: "hello" } },
				response: { status: 202, body: s.object({ jobId: s.string() }), description: "Queued." },
				errors: [],
				handle: async ({ body }) => infra.queue.enqueue("test.ping", { word: body.word }),
			}),
		],
		jobs: () => [
			{
				name: "test.ping",
				version: 1,
				parse: (payload) => payload as { word: string },
				handle: async (payload: { word: string }) => {
					ran.push(payload.word);
				},
			},
		],
	};
}

describe("createApp composes modules", () => {
	let database: TestDatabase;
	let t: TestApp;
	const ran: string[] = [];
	beforeAll(async () => {
		database = await createTestDatabase("app");
		t = await startTestApp({ database, extraModules: [pingModule(ran)] });
		await t.infra.queue.start();
	});
	afterAll(async () => {
		await t?.close();
		await database?.drop();
	});

	it("mounts a module's routes and defines its jobs, so a request can queue work that runs", async () => {
		const res = await request(t.app).post("/v1/test/pings").send({ word: "hello" });
		expect(res.status).toBe(202);
		expect(typeof res.body.jobId).toBe("string");
		const deadline = Date.now() + 10_000;
		while (ran.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
		expect(ran).toEqual(["hello"]);
	});

	it("lists the module's operation in the OpenAPI document", async () => {
		const doc = await request(t.app).get("/openapi.json");
		expect(doc.body.paths["/v1/test/pings"].post.operationId).toBe("postTestPing");
	});

	it("refuses two operations on the same method and path", () => {
		const twice: AppModule = { name: "twice", routes: (deps) => [...pingModule([]).routes(deps), ...pingModule([]).routes(deps)] };
		expect(() => createApp({ config: t.config, logger: pino({ level: "silent" }), infra: t.infra, modules: [twice] })).toThrow(/clashes with postTestPing/);
	});
});
