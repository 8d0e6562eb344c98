/**
 * Step wait_for_assets: poll each upload's operation until Roblox gives its asset id, then record it in the
 * environment's asset map (environment_assets), in the same transaction as the asset's row. A dry run records
 * nothing in the map: nothing was uploaded.
 */
import { DeployStepError } from "./step-error";
import type { RunningDeployment } from "./running-deployment";
import type { StepRow } from "../deployment-record";
import { forEachLimited } from "./for-each-limited";
import { readDeploymentAssets } from "./upload-assets";

/** Operations polled at once; each polls with backoff, and the limiter keeps all of them within 100/min. */
const POLL_CONCURRENCY = 8;

export async function waitForAssets(run: RunningDeployment, step: StepRow): Promise<void> {
	if (step.status === "done" || step.status === "skipped") return;
	const { db } = run;
	const rows = await run.tx((t) => readDeploymentAssets(run, t));
	if (rows.length === 0) {
		await run.step("wait_for_assets", { status: "skipped", total: 0, detail: "Nothing was uploaded." });
		return;
	}
	const pending = rows.filter((row) => row.status !== "done");
	let done = rows.length - pending.length;
	await run.step("wait_for_assets", { status: "running", total: rows.length, done });
	await forEachLimited(pending, POLL_CONCURRENCY, async (asset) => {
		run.guard();
		const finished = await run.client.waitForOperation(asset.operation_id as string);
		if (finished.moderationState === "rejected") {
			throw new DeployStepError("asset_rejected", `Roblox's moderation rejected ${asset.name} (asset ${finished.assetId}); replace the file and deploy again.`);
		}
		done += 1;
		await run.tx(async (t) => {
			if (!run.dryRun) {
				await db.query(
					`INSERT INTO environment_assets (tenant_id, environment_id, sha256, asset_type, asset_id) VALUES ($1, $2, $3, $4, $5)
					 ON CONFLICT (environment_id, sha256, asset_type) DO NOTHING`,
					{ bind: [run.tenantId, run.target.id, asset.sha256, asset.asset_type, finished.assetId], transaction: t },
				);
			}
			await db.query("UPDATE deployment_assets SET status = 'done', asset_id = $4 WHERE deployment_id = $1 AND sha256 = $2 AND asset_type = $3", {
				bind: [run.row.id, asset.sha256, asset.asset_type, finished.assetId],
				transaction: t,
			});
			await run.step("wait_for_assets", { done }, t);
		});
		await run.progress(false);
	});
	await run.step("wait_for_assets", { status: "done", done: rows.length, detail: `${rows.length} asset(s) ready.` });
}
