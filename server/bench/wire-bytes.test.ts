/** The bytes bench works end to end: what it reports was sent compressed, and decodes (checked in the serving tests). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../src/http/__tests__/harness";
import { runWireBytes, wireBytesLine } from "./wire-bytes";

jest.setTimeout(120_000);

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
	database = await createTestDatabase("wire_bytes");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-bench-"));
});
afterAll(async () => {
	await database?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

it("reports each measured set smaller in gzip and smaller still in brotli than uncompressed", async () => {
	const result = await runWireBytes({ env: { DATABASE_URL: database.url, REDIS_URL: process.env.TEST_REDIS_URL, DATA_DIR: dataDir } });
	for (const [label, bytes] of [
		["first load", result.dashboardFirstLoad],
		["all assets", result.dashboardAllAssets],
		["openapi.json", result.openApiJson],
	] as const) {
		expect({ label, gzipSmaller: bytes.gzip < bytes.identity / 2, brSmallest: bytes.br < bytes.gzip }).toEqual({ label, gzipSmaller: true, brSmallest: true });
		expect(wireBytesLine(label, bytes)).toContain("uncompressed");
	}
	expect(result.dashboardFirstLoad.files).toBeGreaterThan(0);
	expect(result.dashboardAllAssets.files).toBeGreaterThan(result.dashboardFirstLoad.files);
});
