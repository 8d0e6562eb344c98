/** The plan as a pure function: what is uploaded, reused, published; when nothing is to do; what is a problem. */
import type { ReleaseAsset } from "@toolboxai/shared";
import { sampleContent } from "../lessons/__tests__/lesson-fixtures";
import { CONTENT_MAX_BYTES } from "./content-entry";
import { assetKey, buildPlan, PLACE_MAX_BYTES, type PlanInput } from "./build-plan";

const hash = (n: number) => n.toString(16).padStart(64, "0");
const asset = (name: string, n: number, assetType: ReleaseAsset["assetType"] = "Image"): ReleaseAsset => ({ name, sha256: hash(n), size: 100, assetType });

function input(overrides: Partial<PlanInput> = {}): PlanInput {
	return {
		environment: { name: "staging", mode: "live", universeId: 1, placeId: 2, missingScopes: [] },
		release: {
			id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
			number: 3,
			place: { sha256: hash(999), size: 1000 },
			assets: [asset("a.png", 1), asset("b.png", 2), asset("c.png", 1)],
			lessons: [],
			missingFiles: [],
			stored: true,
		},
		assetMap: new Map([[assetKey(asset("b.png", 2)), "5001"]]),
		lessons: [],
		force: false,
		...overrides,
	};
}

it("uploads each file missing from the map once (two names, one file: one upload) and reuses the rest by id", () => {
	const plan = buildPlan(input());
	expect(plan.uploads).toEqual([{ name: "a.png", sha256: hash(1), assetType: "Image", size: 100 }]);
	expect(plan.reused).toEqual([{ name: "b.png", sha256: hash(2), assetId: "5001" }]);
	expect(plan.totalCalls).toBe(5);
	expect(plan.publish).toEqual({ universeId: 1, placeId: 2, sha256: hash(999), size: 1000, versionType: "Published" });
});

it("treats the same bytes as another asset type as another upload (the map is keyed by hash and type)", () => {
	const plan = buildPlan(input({ release: { ...input().release, assets: [asset("b.png", 2), asset("b-decal.png", 2, "Decal")] } }));
	expect(plan.uploads.map((u) => u.assetType)).toEqual(["Decal"]);
});

it("is up to date only when the last deployment had the same place, the same names → files and the same lessons", () => {
	const release = { ...input().release, assets: [asset("b.png", 2)], lessons: [{ lessonId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e", version: "1.0.0" }] };
	const last = { placeSha256: hash(999), assets: [{ name: "b.png", sha256: hash(2), assetType: "Image" as const }], lessons: release.lessons };
	const same = buildPlan(input({ release, last }));
	expect(same).toMatchObject({ upToDate: true, uploads: [], calls: [], totalCalls: 0 });
	expect(same.publish).toBeUndefined();
	expect(buildPlan(input({ release, last, force: true })).totalCalls).toBe(3);
	expect(buildPlan(input({ release, last: { ...last, placeSha256: hash(998) } })).upToDate).toBe(false);
	expect(buildPlan(input({ release, last: { ...last, assets: [{ name: "renamed.png", sha256: hash(2), assetType: "Image" }] } })).upToDate).toBe(false);
	expect(buildPlan(input({ release, last: { ...last, lessons: [{ lessonId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e", version: "1.0.1" }] } })).upToDate).toBe(false);
	expect(buildPlan(input({ release })).upToDate).toBe(false);
});

it("names the files the service does not hold: a problem for a stored release, what a deploy sends first for a manifest", () => {
	const stored = buildPlan(input({ release: { ...input().release, missingFiles: [hash(1)] } }));
	expect(stored.filesToSend).toEqual([hash(1)]);
	expect(stored.problems).toEqual([expect.stringContaining(hash(1))]);
	const manifest = buildPlan(input({ release: { ...input().release, missingFiles: [hash(1), hash(999)], stored: false } }));
	expect(manifest.filesToSend).toEqual([hash(1), hash(999)]);
	expect(manifest.problems).toEqual([]);
	expect(buildPlan(input()).filesToSend).toEqual([]);
});

it("lists as problems: missing scopes, files not uploaded, a place or asset over Roblox's limits, content over 4 MB", () => {
	const big = sampleContent("x".repeat(100));
	const lessons = Array.from({ length: 200 }, (_, i) => ({ lessonId: `l${i}`, version: "1.0.0", content: { ...big, steps: Array.from({ length: 60 }, () => big.steps).flat() } }));
	const plan = buildPlan(
		input({
			environment: { ...input().environment, missingScopes: ["asset:write"] },
			release: {
				...input().release,
				place: { sha256: hash(999), size: PLACE_MAX_BYTES + 1 },
				assets: [{ ...asset("huge.png", 7), size: 25 * 1024 * 1024 }],
				missingFiles: [hash(7)],
			},
			lessons,
		}),
	);
	expect(plan.content?.bytes).toBeGreaterThan(CONTENT_MAX_BYTES);
	expect(plan.problems).toEqual([
		expect.stringContaining("asset:write"),
		expect.stringContaining(hash(7)),
		expect.stringContaining(String(PLACE_MAX_BYTES)),
		expect.stringContaining("huge.png"),
		expect.stringContaining("content entry"),
	]);
});
