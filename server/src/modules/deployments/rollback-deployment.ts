import type { Deployment, RollbackRequest } from "@toolboxai/shared";
import type { Config } from "../../config/config";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../http/app-error";
import { loadDeployTargetById } from "../environments/deploy-target";
import { createDeployment, type CreateDeploymentDeps } from "./create-deployment";
import type { DeploymentActor } from "./deployment-actor";
import { readDeploymentRow } from "./deployment-record";

/**
 * POST /v1/deployments/:deploymentId/rollback: a new deployment (kind rollback) of that deployment's release to
 * its environment. It re-publishes the release's stored place file as a new version (Open Cloud has no rollback
 * endpoint) and pushes that release's content and asset map again; its assets are already in the map (asset ids
 * always mean one file), so nothing is uploaded.
 */
export async function rollbackDeployment(deps: CreateDeploymentDeps & { config: Config }, actor: DeploymentActor, deploymentId: string, request: RollbackRequest, trace: { ip?: string; requestId?: string }): Promise<Deployment> {
	const earlier = await withTenant(deps.db, actor.tenantId, (t) => readDeploymentRow(deps.db, t, actor.tenantId, deploymentId));
	if (request.environment !== undefined && request.environment !== earlier.environment_name) {
		throw new AppError("validation_failed", `Deployment ${earlier.id} went to ${earlier.environment_name}, not ${request.environment}.`, { path: "/environment" });
	}
	if (earlier.status !== "succeeded") {
		throw new AppError("validation_failed", `Deployment ${earlier.id} ${earlier.status === "failed" ? "failed" : "has not finished"}; roll back to a deployment that succeeded.`);
	}
	const target = await loadDeployTargetById(deps, actor.tenantId, earlier.environment_id);
	return createDeployment(deps, actor, { target, releaseId: earlier.release_id, kind: "rollback", rollbackOf: earlier.id, force: true }, trace);
}
