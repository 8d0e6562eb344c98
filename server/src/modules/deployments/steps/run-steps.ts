/**
 * The steps of a deployment, in order: each skipped when already done (so a resumed deployment redoes nothing
 * finished), and all of them skipped when the environment already runs exactly this release (unless forced).
 */
import { DEPLOYMENT_STEPS, type DeploymentStepName } from "@toolboxai/shared";
import { isUpToDate, splitAssets } from "../build-plan";
import { readAssetMap, readLastDeployed } from "../deploy-state";
import type { StepRow } from "../deployment-record";
import { messageServers } from "./message-servers";
import { publishPlace } from "./publish-place";
import { pushContent } from "./push-content";
import type { RunningDeployment } from "./running-deployment";
import { readStepRows } from "./step-records";
import { uploadAssets } from "./upload-assets";
import { waitForAssets } from "./wait-for-assets";

/** The id of the environment's last deployment that ran exactly this release, if that is what it runs now. */
async function upToDateWith(run: RunningDeployment): Promise<string | undefined> {
	const { db } = run;
	return run.tx(async (t) => {
		const last = await readLastDeployed(db, t, { environmentId: run.target.id, dryRun: run.dryRun, exceptId: run.row.id });
		const map = await readAssetMap(
			db,
			t,
			run.target.id,
			run.release.assets.map((a) => a.sha256),
		);
		const { uploads } = splitAssets(run.release.assets, map);
		return last !== undefined && isUpToDate(run.release, last, uploads.length) ? last.deploymentId : undefined;
	});
}

export async function runSteps(run: RunningDeployment): Promise<void> {
	const steps = await run.tx((t) => readStepRows(run.db, t, run.row.id));
	const step = (name: DeploymentStepName) => steps.get(name) as StepRow;
	if (run.row.kind === "deploy" && !run.row.force && step("upload_assets").status === "pending") {
		const same = await upToDateWith(run);
		if (same !== undefined) {
			await run.tx(async (t) => {
				for (const name of DEPLOYMENT_STEPS) await run.step(name, { status: "skipped", detail: `Already deployed by ${same}; nothing to do (force to publish anyway).` }, t);
			});
			return;
		}
	}
	await uploadAssets(run, step("upload_assets"));
	await waitForAssets(run, step("wait_for_assets"));
	const placeVersion = await publishPlace(run, step("publish_place"));
	await pushContent(run, step("push_content"));
	await messageServers(run, step("message_servers"), placeVersion);
}
