/**
 * The deployments bench works end to end (short run): the plan of a 1,000-asset release timed against its bare
 * asset-map SELECT, and a redeploy with 1 changed asset making exactly the minimum number of Open Cloud calls.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../src/http/__tests__/harness";
import { MINIMUM_REDEPLOY_CALLS, runDeployBench } from "./deployments";

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
	database = await createTestDatabase("bench_deployments");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-bench-"));
});
afterAll(async () => {
	await database?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

it("plans 1,000 assets, and a 1-changed redeploy makes the minimum 5 Open Cloud calls (an identical one none)", async () => {
	const result = await runDeployBench({
		assets: 1000,
		deployedAssets: 20,
		rounds: 1,
		iterations: 3,
		env: { DATABASE_URL: database.url, REDIS_URL: process.env.TEST_REDIS_URL, DATA_DIR: dataDir, LOG_LEVEL: "info" },
	});
	expect(result.redeploy.totalCalls).toBe(MINIMUM_REDEPLOY_CALLS);
	expect(result.redeploy.calls).toEqual({
		"POST /assets/v1/assets": 1,
		"GET /assets/v1/operations/{id}": 1,
		"POST /universes/v1/{id}/places/{id}/versions": 1,
		"PATCH /cloud/v2/universes/{id}/data-stores/ToolBoxAI/entries/release": 1,
		"POST /cloud/v2/universes/{id}:publishMessage": 1,
	});
	expect(result.redeploy.identicalRedeployCalls).toBe(0);
	expect(result.planMs).toBeGreaterThan(0);
	expect(result.ratio).toBeCloseTo(result.planMs / result.baselineMs, 1);
}, 120_000);
