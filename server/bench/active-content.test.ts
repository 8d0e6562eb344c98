/** The content bench works end to end (short run): both paths answer as expected; numbers are ratios, never asserted. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../src/http/__tests__/harness";
import { runActiveContent } from "./active-content";

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
	database = await createTestDatabase("bench_content");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-bench-"));
});
afterAll(async () => {
	await database?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

it("measures the 200 and 304 paths of the app and of bare Express with no unexpected answer, and reports the ratios", async () => {
	const result = await runActiveContent({
		durationSeconds: 1,
		rounds: 1,
		connections: 4,
		keys: 3,
		env: { DATABASE_URL: database.url, REDIS_URL: process.env.TEST_REDIS_URL, DATA_DIR: dataDir, LOG_LEVEL: "info" },
	});
	expect(result.driver).toBe("postgres");
	expect(result.replyBytes).toBeGreaterThan(1000);
	for (const path of [result.ok200, result.notModified304]) {
		for (const side of [path.app, path.bare]) {
			expect(side.requests).toBeGreaterThan(0);
			expect(side.failures).toBe(0);
		}
		expect(path.ratio).toBeCloseTo(path.app.requestsPerSecond / path.bare.requestsPerSecond, 2);
	}
});
