/**
 * Creating a deployment (deploy or rollback): the row and its pending steps, an audit event, then the job. The
 * row is committed before the job is enqueued, so nothing is lost between the two: if the enqueue fails or the
 * process dies first, the sweep finds the queued deployment and enqueues it.
 */
import type { Deployment } from "@toolboxai/shared";
import { QueryTypes, UniqueConstraintError, type Sequelize } from "sequelize";
import type { Logger } from "pino";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../http/app-error";
import type { JobQueue, RealtimePublisher } from "../../infrastructure.types";
import { recordAudit } from "../audit/record-audit";
import type { DeployTarget } from "../environments/deploy-target";
import type { DeploymentActor } from "./deployment-actor";
import { DEPLOYMENT_RUN } from "./deployment-job";
import { readDeployment } from "./deployment-record";
import { insertPendingSteps } from "./deployment-steps";
import { publishDeployment } from "./publish-deployment";

export interface CreateDeploymentDeps {
	readonly db: Sequelize;
	readonly queue: JobQueue;
	readonly realtime: RealtimePublisher;
	readonly logger: Logger;
}

export interface NewDeployment {
	readonly target: DeployTarget;
	readonly releaseId: string;
	readonly kind: "deploy" | "rollback";
	readonly rollbackOf?: string;
	readonly force: boolean;
}

async function activeDeploymentOf(db: Sequelize, tenantId: string, environmentId: string): Promise<string | undefined> {
	const [row] = await withTenant(db, tenantId, (transaction) =>
		db.query<{ id: string }>("SELECT id FROM deployments WHERE environment_id = $1 AND status IN ('queued', 'running')", { bind: [environmentId], type: QueryTypes.SELECT, transaction }),
	);
	return row?.id;
}

export async function createDeployment(deps: CreateDeploymentDeps, actor: DeploymentActor, input: NewDeployment, trace: { ip?: string; requestId?: string }): Promise<Deployment> {
	const { db } = deps;
	let deployment: Deployment;
	try {
		deployment = await withTenant(db, actor.tenantId, async (transaction) => {
			const [row] = await db.query<{ id: string }>(
				`INSERT INTO deployments (tenant_id, environment_id, release_id, kind, rollback_of, status, dry_run, force, created_by_user_id, created_by_api_key_id)
				 VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9) RETURNING id`,
				{
					bind: [actor.tenantId, input.target.id, input.releaseId, input.kind, input.rollbackOf ?? null, input.target.mode === "dry_run", input.force, actor.userId ?? null, actor.apiKeyId ?? null],
					type: QueryTypes.SELECT,
					transaction,
				},
			);
			const id = (row as { id: string }).id;
			await insertPendingSteps(db, transaction, actor.tenantId, id);
			await recordAudit(
				db,
				{
					action: input.kind === "rollback" ? "rollback.started" : "deployment.started",
					tenantId: actor.tenantId,
					...(actor.userId === undefined ? {} : { actorUserId: actor.userId }),
					...(actor.apiKeyId === undefined ? {} : { actorApiKeyId: actor.apiKeyId }),
					targetType: "deployment",
					targetId: id,
					...trace,
					details: { environmentId: input.target.id, releaseId: input.releaseId, dryRun: input.target.mode === "dry_run", ...(input.rollbackOf === undefined ? {} : { rollbackOf: input.rollbackOf }) },
				},
				{ transaction },
			);
			return readDeployment(db, transaction, actor.tenantId, id);
		});
	} catch (error) {
		if (!(error instanceof UniqueConstraintError)) throw error;
		const running = await activeDeploymentOf(db, actor.tenantId, input.target.id);
		throw new AppError("conflict", `Environment ${input.target.name} is already being deployed${running === undefined ? "" : ` (deployment ${running})`}; wait for it to finish.`, running === undefined ? undefined : { deploymentId: running });
	}
	try {
		await deps.queue.enqueue(DEPLOYMENT_RUN, { tenantId: actor.tenantId, deploymentId: deployment.id }, { idempotencyKey: deployment.id });
	} catch (error) {
		// The deployment is recorded: the sweep enqueues it once the queue is back.
		deps.logger.warn({ err: error, deploymentId: deployment.id }, "could not enqueue the deployment now; the sweep will");
	}
	await publishDeployment(deps, actor.tenantId, deployment.id);
	return deployment;
}
