/**
 * Step push_content: write the release's asset map and lesson content to the data store entry live games read
 * (an upsert that replaces the whole entry, so writing it again on resume is harmless). Each lesson carries the classes
 * assigned to it when the entry is written, so a server that cannot reach the service still plays each class its lessons.
 */
import { AppError } from "../../../errors/app-error";
import { buildContentEntry, CONTENT_DATA_STORE, CONTENT_ENTRY_ID } from "../content-entry";
import { readAssetMap, readLessonContents } from "../deploy-state";
import type { RunningDeployment } from "./running-deployment";
import type { StepRow } from "../deployment-record";
import { assetKey } from "../build-plan";
import { readDeploymentAssets } from "./upload-assets";

export async function pushContent(run: RunningDeployment, step: StepRow): Promise<void> {
	if (step.status === "done") return;
	const { db } = run;
	await run.step("push_content", { status: "running", total: 1, done: 0 });
	const entry = await run.tx(async (t) => {
		const map = await readAssetMap(
			db,
			t,
			run.target.id,
			run.release.assets.map((a) => a.sha256),
		);
		// A dry run's "asset ids" are only in its own rows (the environment's map is never given placeholders).
		for (const row of await readDeploymentAssets(run, t)) {
			const key = assetKey({ sha256: row.sha256, assetType: row.asset_type });
			if (row.asset_id !== null && !map.has(key)) map.set(key, row.asset_id);
		}
		const assetIds = new Map<string, string>();
		for (const asset of run.release.assets) {
			const assetId = map.get(assetKey(asset));
			if (assetId === undefined) throw new AppError("internal", `No asset id for ${asset.name} after its upload`);
			assetIds.set(asset.name, assetId);
		}
		const lessons = await readLessonContents(db, t, run.tenantId, run.release.lessons);
		return buildContentEntry({ releaseId: run.release.id, releaseNumber: run.release.number, assetIds, lessons });
	});
	run.guard();
	await run.client.writeDataStoreEntry({ universeId: String(run.target.universeId), dataStore: CONTENT_DATA_STORE, entryId: CONTENT_ENTRY_ID, value: entry });
	await run.step("push_content", { status: "done", done: 1, detail: `${Object.keys(entry.assets).length} asset(s), ${entry.lessons.length} lesson(s).` });
}
