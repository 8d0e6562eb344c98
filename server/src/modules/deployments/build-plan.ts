/**
 * The plan of a deployment, as a pure function of the release, the environment's asset map and what the
 * environment last ran. The deploy job follows the same rules (uploads = files not in the map), so the plan is
 * what a deploy does: POST /v1/deployments/plan shows it without calling Roblox.
 *
 * Why a deploy always publishes the place, even when only an asset changed: one deployment is one place version,
 * so Roblox's version history, the content entry and rollback line up one to one. An identical redeploy is a
 * no-op (0 calls) unless forced.
 */
import type { DeploymentPlan, PlannedCall, PlannedUpload, ReleaseAsset, ReleaseLesson, ReusedAsset } from "@toolboxai/shared";
import { ASSET_FILE_MAX_BYTES } from "../../integrations/open-cloud/requests";
import { buildContentEntry, CONTENT_DATA_STORE, CONTENT_ENTRY_ID, CONTENT_MAX_BYTES, contentBytes, RELEASE_TOPIC, type LessonWithContent } from "./content-entry";

/** The place publishing spec's limit (x-roblox-size-limit: 10485760); not in the prose docs. */
export const PLACE_MAX_BYTES = 10 * 1024 * 1024;
/** A placeholder as long as a real asset id, so the planned content size is not underestimated. */
const PLANNED_ASSET_ID = "99999999999999999";

export interface PlanEnvironment {
	readonly name: string;
	readonly mode: "live" | "dry_run";
	readonly universeId: number;
	readonly placeId: number;
	readonly missingScopes: ReadonlyArray<string>;
}

export interface PlanRelease {
	readonly id: string;
	readonly number: number;
	readonly place: { readonly sha256: string; readonly size: number };
	readonly assets: ReadonlyArray<ReleaseAsset>;
	readonly lessons: ReadonlyArray<ReleaseLesson>;
	/** Files the service does not hold yet (a stored release's missingFiles; every file of a manifest not stored). */
	readonly missingFiles: ReadonlyArray<string>;
	/** false for an inline manifest: its missing files are what a deploy sends first, not a problem. */
	readonly stored: boolean;
}

/** What the environment's last succeeded deployment ran (of the same mode). */
export interface LastDeployed {
	readonly placeSha256: string;
	readonly assets: ReadonlyArray<Pick<ReleaseAsset, "name" | "sha256" | "assetType">>;
	readonly lessons: ReadonlyArray<ReleaseLesson>;
}

export interface PlanInput {
	readonly environment: PlanEnvironment;
	readonly release: PlanRelease;
	/** `${sha256}/${assetType}` → asset id, for the release's hashes. */
	readonly assetMap: ReadonlyMap<string, string>;
	readonly last?: LastDeployed;
	readonly lessons: ReadonlyArray<LessonWithContent>;
	readonly force: boolean;
}

export function assetKey(asset: { sha256: string; assetType: string }): string {
	return `${asset.sha256}/${asset.assetType}`;
}

/** Uploads (one per distinct file and type) and the assets whose ids are reused. */
export function splitAssets(assets: ReadonlyArray<ReleaseAsset>, assetMap: ReadonlyMap<string, string>): { uploads: PlannedUpload[]; reused: ReusedAsset[] } {
	const uploads = new Map<string, PlannedUpload>();
	const reused: ReusedAsset[] = [];
	for (const asset of assets) {
		const key = assetKey(asset);
		const assetId = assetMap.get(key);
		if (assetId !== undefined) reused.push({ name: asset.name, sha256: asset.sha256, assetId });
		else if (!uploads.has(key)) uploads.set(key, { name: asset.name, sha256: asset.sha256, assetType: asset.assetType, size: asset.size });
	}
	return { uploads: [...uploads.values()], reused };
}

function sameAssets(a: LastDeployed["assets"], b: ReadonlyArray<ReleaseAsset>): boolean {
	if (a.length !== b.length) return false;
	const left = new Set(a.map((x) => `${x.name}\u0000${assetKey(x)}`));
	return b.every((x) => left.has(`${x.name}\u0000${assetKey(x)}`));
}

function sameLessons(a: ReadonlyArray<ReleaseLesson>, b: ReadonlyArray<ReleaseLesson>): boolean {
	const key = (l: ReleaseLesson) => `${l.lessonId}@${l.version}`;
	const left = new Set(a.map(key));
	return a.length === b.length && b.every((l) => left.has(key(l)));
}

/** True when the environment already runs exactly this release's place, assets and lessons. */
export function isUpToDate(release: Pick<PlanRelease, "place" | "assets" | "lessons">, last: LastDeployed | undefined, uploads: number): boolean {
	return last !== undefined && uploads === 0 && last.placeSha256 === release.place.sha256 && sameAssets(last.assets, release.assets) && sameLessons(last.lessons, release.lessons);
}

export function buildPlan(input: PlanInput): DeploymentPlan {
	const { environment, release } = input;
	const { uploads, reused } = splitAssets(release.assets, input.assetMap);
	const upToDate = isUpToDate(release, input.last, uploads.length);
	const problems: string[] = [];
	for (const scope of environment.missingScopes) problems.push(`The environment's Open Cloud key lacks ${scope}.`);
	if (release.stored && release.missingFiles.length > 0) {
		problems.push(
			`${release.missingFiles.length} file(s) of the release are not uploaded to the service yet: ${release.missingFiles.slice(0, 5).join(", ")}${release.missingFiles.length > 5 ? ", …" : ""}.`,
		);
	}
	if (release.place.size > PLACE_MAX_BYTES) problems.push(`The place file is ${release.place.size} bytes; Roblox publishes at most ${PLACE_MAX_BYTES} bytes.`);
	for (const upload of uploads) {
		if (upload.size > ASSET_FILE_MAX_BYTES) problems.push(`${upload.name} is ${upload.size} bytes; the Assets API takes at most ${ASSET_FILE_MAX_BYTES} bytes per file.`);
	}
	const assetIds = new Map<string, string>();
	for (const asset of release.assets) assetIds.set(asset.name, input.assetMap.get(assetKey(asset)) ?? PLANNED_ASSET_ID);
	const bytes = contentBytes(buildContentEntry({ releaseId: release.id, releaseNumber: release.number, assetIds, lessons: input.lessons }));
	if (bytes > CONTENT_MAX_BYTES) problems.push(`The content entry (asset map + lessons) is ${bytes} bytes; a data store entry holds at most ${CONTENT_MAX_BYTES}.`);

	const base = { environment: environment.name, mode: environment.mode, upToDate, reused, problems, filesToSend: [...release.missingFiles] };
	if (upToDate && !input.force) return { ...base, uploads: [], calls: [], totalCalls: 0 };
	const planned: PlannedCall[] = [
		{ method: "POST", path: "/assets/v1/assets", count: uploads.length, why: "upload each new file (never an update: an asset id always means one file)" },
		{ method: "GET", path: "/assets/v1/operations/{operationId}", count: uploads.length, why: "poll each upload until Roblox gives its asset id (more polls while it processes)" },
		{ method: "POST", path: "/universes/v1/{universeId}/places/{placeId}/versions", count: 1, why: "publish the place as a new version" },
		{
			method: "PATCH",
			path: `/cloud/v2/universes/{universeId}/data-stores/${CONTENT_DATA_STORE}/entries/${CONTENT_ENTRY_ID}`,
			count: 1,
			why: "push the asset map and lesson content to live games",
		},
		{ method: "POST", path: "/cloud/v2/universes/{universeId}:publishMessage", count: 1, why: `tell running servers to reload (topic ${RELEASE_TOPIC})` },
	];
	const calls = planned.filter((call) => call.count > 0);
	return {
		...base,
		uploads,
		publish: { universeId: environment.universeId, placeId: environment.placeId, sha256: release.place.sha256, size: release.place.size, versionType: "Published" },
		content: { dataStore: CONTENT_DATA_STORE, entryId: CONTENT_ENTRY_ID, lessons: release.lessons.map((l) => ({ lessonId: l.lessonId, version: l.version })), bytes },
		message: { topic: RELEASE_TOPIC },
		calls,
		totalCalls: calls.reduce((sum, call) => sum + call.count, 0),
	};
}
