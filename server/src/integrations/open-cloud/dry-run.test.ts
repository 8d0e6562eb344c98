import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDryRunOpenCloud, DRY_RUN_FILE } from "./dry-run";

let dataDir: string;

beforeEach(() => {
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toolboxai-opencloud-"));
});

afterEach(() => {
	fs.rmSync(dataDir, { recursive: true, force: true });
});

function lines(): Array<Record<string, unknown>> {
	return fs
		.readFileSync(path.join(dataDir, DRY_RUN_FILE), "utf8")
		.trim()
		.split("\n")
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

test("records each exact request as a JSON line, API key redacted, and answers 200 dry-run", async () => {
	const openCloud = createDryRunOpenCloud(dataDir);
	expect(openCloud.driver).toBe("dry-run");
	const answer = await openCloud.send({
		method: "post",
		url: "https://apis.roblox.com/universes/v1/123/places/456/versions?versionType=Published",
		headers: { "x-api-key": "secret-key-value", "Content-Type": "application/octet-stream" },
		bodyDescription: "place file, 52311 bytes, sha256 ab12",
	});
	expect(answer).toEqual({ status: 200, body: JSON.stringify({ dryRun: true }), dryRun: true });
	expect(lines()).toEqual([
		{
			at: expect.any(String),
			method: "POST",
			url: "https://apis.roblox.com/universes/v1/123/places/456/versions?versionType=Published",
			headers: { "x-api-key": "[redacted]", "Content-Type": "application/octet-stream" },
			body: "place file, 52311 bytes, sha256 ab12",
		},
	]);
	expect(fs.readFileSync(path.join(dataDir, DRY_RUN_FILE), "utf8")).not.toContain("secret-key-value");
});

test("concurrent sends give whole lines in order; header names are redacted case-insensitively", async () => {
	const openCloud = createDryRunOpenCloud(dataDir);
	await Promise.all(
		Array.from({ length: 20 }, (_, i) => openCloud.send({ method: "GET", url: `https://apis.roblox.com/x/${i}`, headers: { "X-API-Key": "k", Authorization: "Bearer t" } })),
	);
	const recorded = lines();
	expect(recorded.map((line) => line.url)).toEqual(Array.from({ length: 20 }, (_, i) => `https://apis.roblox.com/x/${i}`));
	expect(recorded[0]?.headers).toEqual({ "X-API-Key": "[redacted]", Authorization: "[redacted]" });
	expect(recorded[0]).not.toHaveProperty("body");
});
