/**
 * What a deploy and a rollback share once they are allowed: the row and its pending steps, an audit event, then
 * the job. The row is committed before the job is enqueued, so nothing is lost between the two: if the enqueue
 * fails or the process dies first, the sweep finds the queued deployment and enqueues it.
 */
import type { Deployment } from "@toolboxai/shared";
import { QueryTypes, UniqueConstraintError, type Sequelize } from "sequelize";
import { actorUserId, type Caller, isApiKeyCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { auditedBy, recordAudit } from "../audit";
import type { DeployTarget } from "../environments";
import { broadcastDeployment } from "./broadcast-deployment";
import type { DeploymentDeps } from "./deployment-deps";
import { readDeployment } from "./deployment-record";
import { DEPLOYMENT_RUN } from "./job/define-deployment-job";
import { insertPendingSteps } from "./steps/step-records";

export interface NewDeployment {
	readonly target: DeployTarget;
	readonly releaseId: string;
	readonly kind: "deploy" | "rollback";
	readonly rollbackOf?: string;
	readonly force: boolean;
}

async function activeDeploymentOf(db: Sequelize, tenantId: string, environmentId: string): Promise<string | undefined> {
	const [row] = await withTenant(db, tenantId, (transaction) =>
		db.query<{ id: string }>("SELECT id FROM deployments WHERE environment_id = $1 AND status IN ('queued', 'running')", {
			bind: [environmentId],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
	return row?.id;
}

export async function queueDeployment(deps: DeploymentDeps, caller: Caller, input: NewDeployment): Promise<Deployment> {
	const { db } = deps.infra;
	let deployment: Deployment;
	try {
		deployment = await withTenant(db, caller.tenantId, async (transaction) => {
			const [row] = await db.query<{ id: string }>(
				`INSERT INTO deployments (tenant_id, environment_id, release_id, kind, rollback_of, status, dry_run, force, created_by_user_id, created_by_api_key_id)
				 VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9) RETURNING id`,
				{
					bind: [
						caller.tenantId,
						input.target.id,
						input.releaseId,
						input.kind,
						input.rollbackOf ?? null,
						input.target.mode === "dry_run",
						input.force,
						actorUserId(caller) ?? null,
						isApiKeyCaller(caller) ? caller.actor.apiKeyId : null,
					],
					type: QueryTypes.SELECT,
					transaction,
				},
			);
			const id = (row as { id: string }).id;
			await insertPendingSteps(db, transaction, caller.tenantId, id);
			await recordAudit(
				db,
				{
					action: input.kind === "rollback" ? "rollback.started" : "deployment.started",
					...auditedBy(caller),
					targetType: "deployment",
					targetId: id,
					details: {
						environmentId: input.target.id,
						releaseId: input.releaseId,
						dryRun: input.target.mode === "dry_run",
						...(input.rollbackOf === undefined ? {} : { rollbackOf: input.rollbackOf }),
					},
				},
				{ transaction },
			);
			return readDeployment(db, transaction, caller.tenantId, id);
		});
	} catch (error) {
		if (!(error instanceof UniqueConstraintError)) throw error;
		const running = await activeDeploymentOf(db, caller.tenantId, input.target.id);
		throw new AppError(
			"conflict",
			`Environment ${input.target.name} is already being deployed${running === undefined ? "" : ` (deployment ${running})`}; wait for it to finish.`,
			running === undefined ? undefined : { deploymentId: running },
		);
	}
	try {
		await deps.infra.queue.enqueue(DEPLOYMENT_RUN, { tenantId: caller.tenantId, deploymentId: deployment.id }, { idempotencyKey: deployment.id });
	} catch (error) {
		// The deployment is recorded: the sweep enqueues it once the queue is back.
		deps.logger.warn({ err: error, deploymentId: deployment.id }, "could not enqueue the deployment now; the sweep will");
	}
	await broadcastDeployment(deps, caller.tenantId, deployment.id);
	return deployment;
}
