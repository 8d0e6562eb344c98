/** The bench itself works end to end (short run); its numbers are compared as a ratio, never asserted as timings. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../src/http/__tests__/harness";
import { runMetaVsBare } from "./meta-vs-bare";

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
	database = await createTestDatabase("bench");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-bench-"));
});
afterAll(async () => {
	await database?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

it("measures the full app and the bare handler, with no failed requests, and reports their ratio", async () => {
	const result = await runMetaVsBare({
		durationSeconds: 1,
		rounds: 1,
		connections: 4,
		env: { DATABASE_URL: database.url, REDIS_URL: process.env.TEST_REDIS_URL, DATA_DIR: dataDir, LOG_LEVEL: "info" },
	});
	for (const side of [result.meta, result.bare]) {
		expect(side.requests).toBeGreaterThan(0);
		expect(side.failures).toBe(0);
		expect(side.p99LatencyMs).toBeGreaterThanOrEqual(side.p50LatencyMs);
	}
	expect(result.ratio).toBeCloseTo(result.meta.requestsPerSecond / result.bare.requestsPerSecond, 2);
});
