/**
 * Step upload_assets: create one Roblox asset per file the environment's asset map lacks. Assets are never updated
 * in place (always created), so an asset id always means one file and an old release's map stays right.
 *
 * Resume rules: the files to upload are fixed once, as deployment_assets rows, when the step first runs. An asset
 * whose create call returned has its operation id written right away and is never created again (the next step
 * polls it). The only window that can repeat a create is between Roblox answering and that row being written: a
 * kill exactly there uploads that one file twice (the first copy is left unused).
 */
import { QueryTypes, type Transaction } from "sequelize";
import { AppError } from "../../../errors/app-error";
import type { AssetCreator } from "../../../integrations/open-cloud/requests";
import { assetContentType, assetDisplayName, readDeployFile } from "./deploy-files";
import { readAssetMap } from "../deploy-state";
import type { RunningDeployment } from "./running-deployment";
import type { StepRow } from "../deployment-record";
import { splitAssets } from "../build-plan";
import { forEachLimited } from "./for-each-limited";

/** Creates in flight at once; the rate limiter spaces them to the documented 120/min per owner anyway. */
const UPLOAD_CONCURRENCY = 4;

export interface DeploymentAssetRow {
	readonly sha256: string;
	readonly asset_type: "Image" | "Decal" | "Audio" | "Model";
	readonly name: string;
	readonly status: "pending" | "uploading" | "processing" | "done" | "failed";
	readonly operation_id: string | null;
	readonly asset_id: string | null;
}

export async function readDeploymentAssets(run: RunningDeployment, transaction: Transaction): Promise<DeploymentAssetRow[]> {
	return run.db.query<DeploymentAssetRow>("SELECT sha256, asset_type, name, status, operation_id, asset_id FROM deployment_assets WHERE deployment_id = $1 ORDER BY name", {
		bind: [run.row.id],
		type: QueryTypes.SELECT,
		transaction,
	});
}

function creatorOf(run: RunningDeployment): AssetCreator {
	if (run.target.groupId !== undefined) return { groupId: String(run.target.groupId) };
	if (run.target.ownerUserId !== undefined) return { userId: String(run.target.ownerUserId) };
	// A dry run has no key, hence no owner: the recorded request shows a placeholder creator.
	if (run.dryRun) return { userId: "0" };
	throw new AppError("validation_failed", `Environment ${run.target.name} has no group and its key's owner is unknown: set groupId, or save the key again so it is checked.`);
}

export async function uploadAssets(run: RunningDeployment, step: StepRow): Promise<void> {
	if (step.status === "done" || step.status === "skipped") return;
	const { db } = run;
	const rows = await run.tx(async (transaction) => {
		if (step.status === "pending") {
			const assetMap = await readAssetMap(
				db,
				transaction,
				run.target.id,
				run.release.assets.map((a) => a.sha256),
			);
			const { uploads } = splitAssets(run.release.assets, assetMap);
			if (uploads.length > 0) {
				await db.query(
					`INSERT INTO deployment_assets (tenant_id, deployment_id, sha256, asset_type, name, status)
					 SELECT $1, $2, sha256, asset_type, name, 'pending' FROM unnest($3::text[], $4::text[], $5::text[]) AS u (sha256, asset_type, name)
					 ON CONFLICT DO NOTHING`,
					{ bind: [run.tenantId, run.row.id, uploads.map((u) => u.sha256), uploads.map((u) => u.assetType), uploads.map((u) => u.name)], transaction },
				);
			}
		}
		return readDeploymentAssets(run, transaction);
	});
	if (rows.length === 0) {
		await run.step("upload_assets", { status: "skipped", total: 0, detail: "Every file is already uploaded to this environment." });
		return;
	}
	const toCreate = rows.filter((row) => row.operation_id === null);
	let done = rows.length - toCreate.length;
	await run.step("upload_assets", { status: "running", total: rows.length, done });
	const creator = toCreate.length > 0 ? creatorOf(run) : undefined;
	await forEachLimited(toCreate, UPLOAD_CONCURRENCY, async (asset) => {
		run.guard();
		const bytes = await readDeployFile(run.deps.infra.storage, run.tenantId, asset.sha256);
		await run.tx((t) =>
			db.query("UPDATE deployment_assets SET status = 'uploading' WHERE deployment_id = $1 AND sha256 = $2 AND asset_type = $3", {
				bind: [run.row.id, asset.sha256, asset.asset_type],
				transaction: t,
			}),
		);
		run.guard();
		const operation = await run.client.createAsset({
			assetType: asset.asset_type,
			displayName: assetDisplayName(asset.name),
			description: `ToolBoxAI release ${run.release.number}: ${asset.name}`.slice(0, 1000),
			creator: creator as AssetCreator,
			file: { bytes, contentType: assetContentType(asset.asset_type, bytes, asset.name), fileName: assetDisplayName(asset.name) },
		});
		// Written the moment Roblox answers: from here on this file is never created again, only polled.
		done += 1;
		await run.tx(async (t) => {
			await db.query("UPDATE deployment_assets SET status = 'processing', operation_id = $4 WHERE deployment_id = $1 AND sha256 = $2 AND asset_type = $3", {
				bind: [run.row.id, asset.sha256, asset.asset_type, operation.operationId],
				transaction: t,
			});
			await run.step("upload_assets", { done }, t);
		});
		await run.progress(false);
	});
	await run.step("upload_assets", { status: "done", done: rows.length, detail: `${rows.length} file(s) uploaded.` });
}
