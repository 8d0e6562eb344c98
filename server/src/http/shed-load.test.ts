/**
 * Shedding load (shed-load.ts): past a limit the API answers 503 unavailable with Retry-After at once, health and
 * files keep answering, and it recovers when the load goes. The database signal runs on the real app and Postgres;
 * the event-loop signal on overload-protection's real sampler with the loop really blocked.
 */
import type { Request } from "express";
import request from "supertest";
import { AppError } from "../errors/app-error";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "./__tests__/harness";
import { shedLoad } from "./shed-load";

let database: TestDatabase;
let t: TestApp;

beforeAll(async () => {
	database = await createTestDatabase("shed_load");
	t = await startTestApp({ database, env: { SHED_DB_WAITING: "2" } });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function until(what: string, probe: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
	const deadline = Date.now() + limitMs;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

const waiting = () => (t.infra.db.connectionManager as unknown as { pool: { waiting: number } }).pool.waiting;

it("with more requests queued for a database connection than allowed, answers 503 with Retry-After; health still answers; then recovers", async () => {
	expect(t.config.overload).toEqual({ maxEventLoopDelayMs: 0, maxDbWaiting: 2 });
	// Hold every pooled connection, and queue more behind them, until released.
	let release = (): void => undefined;
	const released = new Promise<void>((resolve) => (release = resolve));
	const holders = Array.from({ length: 14 }, () => t.infra.db.transaction(() => released));
	try {
		await until("requests to queue for a connection", () => waiting() > 2);
		const busy = await request(t.app).get("/v1/meta");
		expect(busy.status).toBe(503);
		expect(busy.headers["retry-after"]).toBe("2");
		expect(busy.body.error.code).toBe("unavailable");
		expect(busy.body.error.message).toContain("Try again in 2 seconds");
		expect((await request(t.app).get("/healthz")).status).toBe(200);
	} finally {
		release();
		await Promise.all(holders);
	}
	await until("the queue to drain", () => waiting() === 0);
	expect((await request(t.app).get("/v1/meta")).status).toBe(200);
});

it("refuses an API request right after the event loop was blocked past the limit, and lets it through once the loop is free", async () => {
	const { handler, stop } = shedLoad({ maxEventLoopDelayMs: 20, maxDbWaiting: 0 }, t.infra.db);
	const decide = () =>
		new Promise<unknown>((resolve) => {
			handler({ path: "/v1/meta" } as Request, {} as never, (error?: unknown) => resolve(error));
		});
	try {
		await until("the sampler to see a free loop", async () => (await decide()) === undefined);
		const blocked = new Promise<unknown>((resolve) =>
			setTimeout(() => {
				const until = performance.now() + 150;
				while (performance.now() < until) {
					// blocking on purpose: this is the overload
				}
				// The sampler's timer is overdue now and runs before this one.
				setTimeout(() => resolve(decide()), 0);
			}, 0),
		);
		const refusal = await blocked;
		expect(refusal).toBeInstanceOf(AppError);
		expect((refusal as AppError).code).toBe("unavailable");
		expect((refusal as AppError).headers).toEqual({ "Retry-After": "2" });
		await until("the loop to count as free again", async () => (await decide()) === undefined);
		expect(await new Promise((resolve) => handler({ path: "/healthz" } as Request, {} as never, resolve))).toBeUndefined();
	} finally {
		stop();
	}
});
