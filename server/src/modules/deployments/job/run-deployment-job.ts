/**
 * The deployment.run job's work: takes the deployment's lease, runs its steps (steps/run-steps.ts), and ends it
 * succeeded or failed. Callerless: the deployment was allowed when it was queued; this only carries it out.
 */
import { QueryTypes } from "sequelize";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { OpenCloudError } from "../../../integrations/open-cloud/errors";
import { loadDeployTargetById } from "../../environments";
import { loadReleaseForDeploy } from "../../releases";
import { broadcastDeployment } from "../broadcast-deployment";
import type { DeploymentJobDeps } from "../deployment-deps";
import { readDeploymentRow } from "../deployment-record";
import { mailFailedDeployment } from "../mail-failed-deployment";
import { runSteps } from "../steps/run-steps";
import { RunningDeployment } from "../steps/running-deployment";
import { DeployStepError } from "../steps/step-error";
import { LeaseLostError, takeLease } from "./deployment-lease";
import { countDeploymentFinished } from "../../../observability/metrics";

/** The queued job's payload. */
export interface DeploymentJobPayload {
	readonly tenantId: string;
	readonly deploymentId: string;
}

export interface DeploymentJobRun extends DeploymentJobPayload {
	/** This try (1 for the first) and how many the queue makes in all: the last one fails the deployment on any error. */
	readonly attempt: number;
	readonly attempts: number;
}

interface Failure {
	readonly code: string;
	readonly message: string;
}

/** Errors that will not go away by running again: the deployment fails with their message. */
function definiteFailure(error: unknown): Failure | undefined {
	if (error instanceof OpenCloudError) return { code: `open_cloud_${error.code}`, message: error.message };
	if (error instanceof DeployStepError) return { code: error.code, message: error.message };
	if (error instanceof AppError) return { code: error.code, message: error.message };
	return undefined;
}

async function finish(run: RunningDeployment, owner: string, failure?: Failure): Promise<void> {
	const { db } = run;
	await run.tx(async (t) => {
		if (failure !== undefined) {
			await db.query("UPDATE deployment_steps SET status = 'failed', detail = $2, finished_at = now() WHERE deployment_id = $1 AND status = 'running'", {
				bind: [run.row.id, failure.message.slice(0, 500)],
				transaction: t,
			});
		}
		const ended = await db.query(
			`UPDATE deployments SET status = $3, error = $4, finished_at = now(), lease_until = NULL, lease_owner = NULL
			 WHERE id = $1 AND lease_owner = $2 RETURNING id`,
			{
				bind: [run.row.id, owner, failure === undefined ? "succeeded" : "failed", failure === undefined ? null : JSON.stringify(failure)],
				type: QueryTypes.SELECT,
				transaction: t,
			},
		);
		if (failure !== undefined && ended.length > 0) await mailFailedDeployment(run.deps, { tenantId: run.tenantId, deploymentId: run.row.id, error: failure.message }, t);
	});
	await run.progress(true);
}

export async function runDeploymentJob(deps: DeploymentJobDeps, input: DeploymentJobRun): Promise<void> {
	const { logger } = deps;
	const { db } = deps.infra;
	const lease = await takeLease(db, input.tenantId, input.deploymentId);
	if (lease === undefined) {
		logger.info({ deploymentId: input.deploymentId }, "deployment is finished or another runner holds it; nothing to do");
		return;
	}
	let run: RunningDeployment | undefined;
	try {
		const row = await withTenant(db, input.tenantId, (t) => readDeploymentRow(db, t, input.tenantId, input.deploymentId));
		await broadcastDeployment(deps, input.tenantId, input.deploymentId);
		const target = await loadDeployTargetById(deps, input.tenantId, row.environment_id);
		const release = await loadReleaseForDeploy(db, input.tenantId, row.release_id);
		if (!row.dry_run && target.apiKey === undefined)
			throw new DeployStepError("open_cloud_key_missing", `Environment ${target.name} no longer has an Open Cloud key; add it again, or deploy as a dry run.`);
		const owner = target.groupId !== undefined ? `group:${target.groupId}` : target.ownerUserId === undefined ? undefined : `user:${target.ownerUserId}`;
		const client = deps.infra.openCloudClient({ ...(row.dry_run || target.apiKey === undefined ? {} : { apiKey: target.apiKey }), ...(owner === undefined ? {} : { owner }) });
		run = new RunningDeployment(deps, row, target, release, client, lease);
		await runSteps(run);
		await finish(run, lease.owner);
		countDeploymentFinished("succeeded");
		logger.info({ deploymentId: row.id, dryRun: row.dry_run }, "deployment succeeded");
	} catch (error) {
		if (error instanceof LeaseLostError) {
			logger.warn({ deploymentId: input.deploymentId }, error.message);
			return;
		}
		const failure =
			definiteFailure(error) ??
			(input.attempt >= input.attempts ? { code: "internal", message: "The deployment stopped on an unexpected error; see the service's logs, then deploy again." } : undefined);
		logger.error({ err: error, deploymentId: input.deploymentId, failure }, "deployment step failed");
		if (failure === undefined) throw error; // the queue retries it; the lease is let go below
		if (run !== undefined) await finish(run, lease.owner, failure);
		else await failBeforeStart(deps, input, lease.owner, failure);
		countDeploymentFinished("failed");
	} finally {
		await lease.stop();
	}
}

/** The deployment could not even be set up (environment deleted, release gone): failed, with the reason. */
async function failBeforeStart(deps: DeploymentJobDeps, job: DeploymentJobPayload, owner: string, failure: Failure): Promise<void> {
	const { db } = deps.infra;
	await withTenant(db, job.tenantId, async (t) => {
		const failed = await db.query(
			"UPDATE deployments SET status = 'failed', error = $3, finished_at = now(), lease_until = NULL, lease_owner = NULL WHERE id = $1 AND lease_owner = $2 RETURNING id",
			{
				bind: [job.deploymentId, owner, JSON.stringify(failure)],
				type: QueryTypes.SELECT,
				transaction: t,
			},
		);
		if (failed.length > 0) await mailFailedDeployment(deps, { tenantId: job.tenantId, deploymentId: job.deploymentId, error: failure.message }, t);
	});
	await broadcastDeployment(deps, job.tenantId, job.deploymentId);
}
