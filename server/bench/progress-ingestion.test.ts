/** The ingestion bench works end to end (short run): every batch stored on both sides; numbers only as a ratio. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../src/http/__tests__/harness";
import { runProgressIngestion } from "./progress-ingestion";

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
	database = await createTestDatabase("bench_ingestion");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-bench-"));
});
afterAll(async () => {
	await database?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

it("posts 500-event batches through HTTP and inserts the same shape raw, with no failed batch, and reports their ratio", async () => {
	const result = await runProgressIngestion({
		batches: 3,
		rounds: 1,
		concurrency: 2,
		env: { DATABASE_URL: database.url, REDIS_URL: process.env.TEST_REDIS_URL, DATA_DIR: dataDir, LOG_LEVEL: "info" },
	});
	for (const side of [result.http, result.raw]) {
		expect(side.batches).toBe(3);
		expect(side.failures).toBe(0);
		expect(side.p99BatchMs).toBeGreaterThanOrEqual(side.p50BatchMs);
	}
	expect(result.ratio).toBeCloseTo(result.http.eventsPerSecond / result.raw.eventsPerSecond, 2);
	// Warm-up (2 batches) and 3 measured batches per side, 500 events each, all folded by the aggregation.
	expect(result.aggregation.events).toBe((2 + 3) * 2 * 500);
}, 60_000);
