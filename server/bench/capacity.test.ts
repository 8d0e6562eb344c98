/**
 * The capacity bench works end to end in its smoke mode (a few game servers for a few seconds against the service
 * as its own process): every kind of request is sent and answered without an error. Capacity itself is a figure of
 * `npm run bench -- capacity`, never asserted here.
 */
import { createTestDatabase, type TestDatabase } from "../src/http/__tests__/harness";
import { runCapacity } from "./capacity";

let database: TestDatabase;
beforeAll(async () => {
	database = await createTestDatabase("bench_capacity");
});
afterAll(async () => {
	await database?.drop();
});

it("plays game servers and teachers against the service and reports each route, the requests/s and the service's CPU", async () => {
	const result = await runCapacity({
		steps: [5],
		stepSeconds: 6,
		teachers: 2,
		// Smoke mode: a step fails only on an error; latency on a busy test machine says nothing.
		p99LimitMs: 120_000,
		databaseUrl: database.url,
		redisUrl: process.env.TEST_REDIS_URL as string,
		// A busy test machine would make the service shed load; what is checked here is that every request works.
		serviceEnv: { SHED_EVENT_LOOP_DELAY_MS: "0", SHED_DB_WAITING: "0" },
	});
	const [step] = result.steps;
	expect(step?.servers).toBe(5);
	expect(step?.routes["progress batch"]?.requests).toBeGreaterThan(0);
	expect(step?.routes["content poll"]?.requests).toBeGreaterThan(0);
	expect(step?.routes["class progress"]?.requests).toBeGreaterThan(0);
	for (const route of Object.values(step?.routes ?? {})) expect(route.errors).toBe(0);
	expect(step?.held).toBe(true);
	expect(result.held).toBe(5);
	expect(step?.cpu.service).toBeGreaterThan(0);
	expect(step?.requestsPerSecond).toBeGreaterThan(0);
}, 180_000);
