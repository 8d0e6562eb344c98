/**
 * The deployment.run job: takes the deployment's lease, then runs the steps in order, each recorded, each skipped
 * when already done (so a resumed deployment redoes nothing finished), and ends it succeeded or failed.
 */
import { DEPLOYMENT_STEPS, type DeploymentStepName } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../http/app-error";
import { OpenCloudError } from "../../integrations/open-cloud/errors";
import { loadDeployTargetById } from "../environments/deploy-target";
import { loadReleaseForDeploy } from "../releases/release-for-deploy";
import { readAssetMap, readLastDeployed } from "./deploy-state";
import { DeployStepError } from "./deploy-step-error";
import { LeaseLostError, takeLease } from "./deployment-lease";
import { readDeploymentRow, type StepRow } from "./deployment-record";
import { DeploymentRun, type RunDeps } from "./deployment-run";
import { readStepRows } from "./deployment-steps";
import { isUpToDate, splitAssets } from "./plan-deployment";
import { publishDeployment } from "./publish-deployment";
import { messageServers } from "./step-message-servers";
import { publishPlace } from "./step-publish-place";
import { pushContent } from "./step-push-content";
import { uploadAssets } from "./step-upload-assets";
import { waitForAssets } from "./step-wait-for-assets";

export interface RunJob {
	readonly tenantId: string;
	readonly deploymentId: string;
}

/** Errors that will not go away by running again: the deployment fails with their message. */
function definiteFailure(error: unknown): { code: string; message: string } | undefined {
	if (error instanceof OpenCloudError) return { code: `open_cloud_${error.code}`, message: error.message };
	if (error instanceof DeployStepError) return { code: error.code, message: error.message };
	if (error instanceof AppError) return { code: error.code, message: error.message };
	return undefined;
}

async function upToDateWith(run: DeploymentRun): Promise<string | undefined> {
	const { db } = run.deps;
	return run.tx(async (t) => {
		const last = await readLastDeployed(db, t, { environmentId: run.target.id, dryRun: run.dryRun, exceptId: run.row.id });
		const map = await readAssetMap(db, t, run.target.id, run.release.assets.map((a) => a.sha256));
		const { uploads } = splitAssets(run.release.assets, map);
		return last !== undefined && isUpToDate(run.release, last, uploads.length) ? last.deploymentId : undefined;
	});
}

async function execute(run: DeploymentRun): Promise<void> {
	const steps = await run.tx((t) => readStepRows(run.deps.db, t, run.row.id));
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

async function finish(run: DeploymentRun, owner: string, failure?: { code: string; message: string }): Promise<void> {
	const { db } = run.deps;
	await run.tx(async (t) => {
		if (failure !== undefined) {
			await db.query("UPDATE deployment_steps SET status = 'failed', detail = $2, finished_at = now() WHERE deployment_id = $1 AND status = 'running'", {
				bind: [run.row.id, failure.message.slice(0, 500)],
				transaction: t,
			});
		}
		await db.query(
			`UPDATE deployments SET status = $3, error = $4, finished_at = now(), lease_until = NULL, lease_owner = NULL
			 WHERE id = $1 AND lease_owner = $2`,
			{ bind: [run.row.id, owner, failure === undefined ? "succeeded" : "failed", failure === undefined ? null : JSON.stringify(failure)], transaction: t },
		);
	});
	await run.progress(true);
}

export async function runDeployment(deps: RunDeps, job: RunJob, attempt: { attempt: number; attempts: number }): Promise<void> {
	const { db, logger } = deps;
	const lease = await takeLease(db, job.tenantId, job.deploymentId);
	if (lease === undefined) {
		logger.info({ deploymentId: job.deploymentId }, "deployment is finished or another runner holds it; nothing to do");
		return;
	}
	let run: DeploymentRun | undefined;
	try {
		const row = await withTenant(db, job.tenantId, (t) => readDeploymentRow(db, t, job.tenantId, job.deploymentId));
		await publishDeployment(deps, job.tenantId, job.deploymentId);
		const target = await loadDeployTargetById(deps, job.tenantId, row.environment_id);
		const release = await loadReleaseForDeploy(db, job.tenantId, row.release_id);
		if (!row.dry_run && target.apiKey === undefined) throw new DeployStepError("open_cloud_key_missing", `Environment ${target.name} no longer has an Open Cloud key; add it again, or deploy as a dry run.`);
		const owner = target.groupId !== undefined ? `group:${target.groupId}` : target.ownerUserId === undefined ? undefined : `user:${target.ownerUserId}`;
		const client = deps.openCloudClient({ ...(row.dry_run || target.apiKey === undefined ? {} : { apiKey: target.apiKey }), ...(owner === undefined ? {} : { owner }) });
		run = new DeploymentRun(deps, row, target, release, client, lease);
		await execute(run);
		await finish(run, lease.owner);
		logger.info({ deploymentId: row.id, dryRun: row.dry_run }, "deployment succeeded");
	} catch (error) {
		if (error instanceof LeaseLostError) {
			logger.warn({ deploymentId: job.deploymentId }, error.message);
			return;
		}
		const failure = definiteFailure(error) ?? (attempt.attempt >= attempt.attempts ? { code: "internal", message: "The deployment stopped on an unexpected error; see the service's logs, then deploy again." } : undefined);
		logger.error({ err: error, deploymentId: job.deploymentId, failure }, "deployment step failed");
		if (failure === undefined) throw error; // the queue retries it; the lease is let go below
		if (run !== undefined) await finish(run, lease.owner, failure);
		else await failBeforeStart(deps, job, lease.owner, failure);
	} finally {
		await lease.stop();
	}
}

/** The deployment could not even be set up (environment deleted, release gone): failed, with the reason. */
async function failBeforeStart(deps: RunDeps, job: RunJob, owner: string, failure: { code: string; message: string }): Promise<void> {
	await withTenant(deps.db, job.tenantId, (t) =>
		deps.db.query(
			"UPDATE deployments SET status = 'failed', error = $3, finished_at = now(), lease_until = NULL, lease_owner = NULL WHERE id = $1 AND lease_owner = $2 RETURNING id",
			{ bind: [job.deploymentId, owner, JSON.stringify(failure)], type: QueryTypes.SELECT, transaction: t },
		),
	);
	await publishDeployment(deps, job.tenantId, job.deploymentId);
}
