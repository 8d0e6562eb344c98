import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FakeOpenCloud } from "./__tests__/fake-open-cloud";
import { API_KEY, simulatedClock } from "./__tests__/test-kit";
import { createDryRunOpenCloud, DRY_RUN_FILE } from "./dry-run";
import { createLiveOpenCloud } from "./live";
import { OpenCloudRateLimiter } from "./rate-limit";
import { createOpenCloudClientFactory, type OpenCloudClientFactory } from "./select";

let fake: FakeOpenCloud;
let dataDir: string;
let clients: OpenCloudClientFactory;

beforeEach(async () => {
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 1 }).start();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toolboxai-opencloud-select-"));
	clients = createOpenCloudClientFactory({
		baseUrl: `${fake.url}/`,
		live: createLiveOpenCloud(),
		dryRun: createDryRunOpenCloud(dataDir),
		limiter: new OpenCloudRateLimiter({ clock: simulatedClock() }),
	});
});

afterEach(async () => {
	await fake.close();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

function dryRunLines(): Array<{ method: string; url: string; headers: Record<string, string>; body?: string }> {
	return fs
		.readFileSync(path.join(dataDir, DRY_RUN_FILE), "utf8")
		.trim()
		.split("\n")
		.map((line) => JSON.parse(line) as { method: string; url: string; headers: Record<string, string>; body?: string });
}

const placeFile = Buffer.from("<roblox!a place");
const image = Buffer.from("\x89PNG\r\n\x1a\n-pixels", "latin1");

async function deploy(apiKey: string | undefined) {
	const client = clients({ ...(apiKey === undefined ? {} : { apiKey }) });
	const operation = await client.createAsset({
		assetType: "Image",
		displayName: "Map",
		creator: { groupId: "7" },
		file: { bytes: image, contentType: "image/png", fileName: "map.png" },
	});
	const asset = await client.waitForOperation(operation.operationId);
	const place = await client.publishPlace({ universeId: "11", placeId: "22", versionType: "Published", placeFile });
	await client.writeDataStoreEntry({ universeId: "11", dataStore: "Lessons", entryId: "lesson-1", value: { v: 1 } });
	await client.publishMessage({ universeId: "11", topic: "lessons", message: "lesson-1" });
	return { dryRun: client.dryRun, asset, place };
}

test("without a key: dry run, nothing reaches Roblox, and each request is recorded", async () => {
	for (const key of [undefined, "", "   "]) {
		const result = await deploy(key);
		expect(result).toEqual({
			dryRun: true,
			asset: { assetId: "dry-run", moderationState: "unknown", dryRun: true },
			place: { versionNumber: 0, dryRun: true },
		});
	}
	expect(fake.requests).toHaveLength(0);
	expect(
		dryRunLines()
			.map((line) => `${line.method} ${new URL(line.url).pathname}`)
			.slice(0, 5),
	).toEqual([
		"POST /assets/v1/assets",
		"GET /assets/v1/operations/dry-run",
		"POST /universes/v1/11/places/22/versions",
		"PATCH /cloud/v2/universes/11/data-stores/Lessons/entries/lesson-1",
		"POST /cloud/v2/universes/11:publishMessage",
	]);
});

test("with a key: live; the dry-run record shows exactly the URL, headers and body live sends", async () => {
	await deploy(undefined);
	const live = await deploy(API_KEY);
	expect(live.dryRun).toBe(false);
	expect(live.place.versionNumber).toBe(1);
	const recorded = dryRunLines();
	// The operation id differs (dry run has none): compare every request but the poll.
	const sent = fake.requests.filter((r) => r.method !== "GET");
	const dry = recorded.filter((line) => line.method !== "GET");
	expect(dry.map((line) => `${line.method} ${line.url.replace(fake.url, "")}`)).toEqual(sent.map((r) => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query}` : ""}`));
	for (const [index, request] of sent.entries()) {
		expect(dry[index]?.headers).toEqual({ "x-api-key": "[redacted]", "Content-Type": request.headers["content-type"] });
		expect(request.headers["x-api-key"]).toBe(API_KEY);
	}
	// Bodies: JSON ones verbatim, files by size and hash.
	expect(dry[2]?.body).toBe(sent[2]?.body.toString("utf8"));
	expect(dry[3]?.body).toBe(sent[3]?.body.toString("utf8"));
	expect(dry[1]?.body).toBe(`place file, ${placeFile.length} bytes, sha256 ${crypto.createHash("sha256").update(placeFile).digest("hex")}`);
	expect(sent[1]?.body.equals(placeFile)).toBe(true);
	expect(dry[0]?.body).toContain(`map.png (image/png, ${image.length} bytes, sha256 ${crypto.createHash("sha256").update(image).digest("hex")})`);
	expect(fs.readFileSync(path.join(dataDir, DRY_RUN_FILE), "utf8")).not.toContain(API_KEY);
});
