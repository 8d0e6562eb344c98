import { deployment, plan, steps } from "../__tests__/fixtures";
import { formatBytes, formatDeploymentDetail, formatDeploymentSummary, formatPlan, jsonError, MAX_LISTED_UPLOADS } from "./format";

describe("formatBytes", () => {
	it("uses B, KB, MB, GB", () => {
		expect([0, 1023, 1024, 2048, 48213, 5 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes)).toEqual(["0 B", "1023 B", "1.0 KB", "2.0 KB", "47.1 KB", "5.0 MB", "3.0 GB"]);
	});
});

describe("formatPlan", () => {
	it("lists uploads, reused, publish, calls and problems", () => {
		expect(formatPlan(plan())).toBe(
			[
				"Plan for staging (dry run: nothing is sent to Roblox)",
				"  uploads: 1 file (2.0 KB)",
				"    images/logo.png  Image  2.0 KB",
				"  reused: 1 asset already on Roblox",
				"  publish: place 1623420815 of universe 4815162342 (47.1 KB, Published)",
				"  Open Cloud calls: 2",
				"    POST /assets/v1/assets ×1  create the asset",
				"    POST /universes/v1/{universeId}/places/{placeId}/versions ×1  publish the place",
				"  problems: none",
				"",
			].join("\n"),
		);
	});

	it("says when the environment is up to date, shows content, message and every problem, and caps the upload list", () => {
		const uploads = Array.from({ length: MAX_LISTED_UPLOADS + 3 }, (_, i) => ({ ...plan().uploads[0], name: `images/${i}.png` }));
		const text = formatPlan(
			plan({
				mode: "live",
				upToDate: true,
				uploads,
				reused: [],
				publish: undefined,
				content: { dataStore: "ToolBoxAI", entryId: "content", lessons: [{ lessonId: "0b7c1e2d-3f4a-4b5c-8d6e-7f8a9b0c1d2e", version: "1.0.0" }], bytes: 512 },
				message: { topic: "toolboxai-content" },
				problems: ["The Open Cloud key lacks asset:write.", "Release file not uploaded yet."],
			}),
		);
		expect(text).toContain("Plan for staging (live)");
		expect(text).toContain("Up to date: the environment already runs exactly this release (deploy with --force to publish anyway).");
		expect(text).toContain(`uploads: ${MAX_LISTED_UPLOADS + 3} files (46.0 KB)`);
		expect(text).toContain(`    images/${MAX_LISTED_UPLOADS - 1}.png`);
		expect(text).not.toContain(`    images/${MAX_LISTED_UPLOADS}.png`);
		expect(text).toContain("    ... and 3 more");
		expect(text).toContain("  reused: 0 assets already on Roblox");
		expect(text).toContain("  publish: nothing");
		expect(text).toContain("  content: 1 lesson → data store ToolBoxAI, entry content (512 B)");
		expect(text).toContain("  message: live servers on topic toolboxai-content");
		expect(text).toContain("  problems: 2\n    - The Open Cloud key lacks asset:write.\n    - Release file not uploaded yet.\n");
	});
});

describe("deployment summaries", () => {
	it("shows how a deployment ended, with the service's error code", () => {
		expect(formatDeploymentSummary(deployment({ status: "succeeded", placeVersion: 0 }))).toBe(
			"Deployment 2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f: succeeded, release #3 → staging (dry run)\n  place version 0\n",
		);
		expect(
			formatDeploymentSummary(
				deployment({
					kind: "rollback",
					rollbackOf: "11111111-2222-4333-8444-555555555555",
					dryRun: false,
					status: "failed",
					error: { code: "upstream_failed", message: "Roblox refused the publish." },
				}),
			),
		).toBe(
			"Rollback 2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f: failed, release #3 → staging\n  rolls back to deployment 11111111-2222-4333-8444-555555555555\n  error upstream_failed: Roblox refused the publish.\n",
		);
	});

	it("lists the steps with done/total for status", () => {
		const text = formatDeploymentDetail(
			deployment({
				status: "running",
				steps: steps("pending", { upload_assets: { status: "done", done: 2, total: 2 }, wait_for_assets: { status: "running", done: 1, total: 2, detail: "operation 1 of 2" } }),
			}),
		);
		expect(text).toContain("  upload assets to Roblox: done 2/2\n");
		expect(text).toContain("  wait for Roblox: running 1/2 (operation 1 of 2)\n");
		expect(text).toContain("  publish the place: pending\n");
	});

	it("writes --json errors as {error: {code, message}}", () => {
		expect(JSON.parse(jsonError("not_found", "No such deployment."))).toEqual({ error: { code: "not_found", message: "No such deployment." } });
	});
});

describe("formatPlan and files not on the service yet", () => {
	it("shows them as what the deploy uploads first, not as problems", () => {
		const text = formatPlan(plan({ filesToSend: ["aa", "bb"], problems: ["The environment's Open Cloud key lacks asset:write."] }));
		expect(text).toContain("  to upload to ToolBoxAI first (the deploy does it): 2 files\n");
		expect(text).toContain("  problems: 1\n    - The environment's Open Cloud key lacks asset:write.\n");
	});
});
