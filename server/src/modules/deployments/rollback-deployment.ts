import type { Deployment, RollbackRequest } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { loadDeployTargetById } from "../environments";
import type { DeploymentDeps } from "./deployment-deps";
import { readDeploymentRow } from "./deployment-record";
import { queueDeployment } from "./queue-deployment";

/** POST /v1/deployments/:deploymentId/rollback: the path's deployment id with the body. */
export type RollbackInput = RollbackRequest & { readonly deploymentId: string };

/**
 * A new deployment (kind rollback) of that deployment's release to its environment. It re-publishes the release's
 * stored place file as a new version (Open Cloud has no rollback endpoint) and pushes that release's content and
 * asset map again; its assets are already in the map (asset ids always mean one file), so nothing is uploaded.
 */
export async function rollbackDeployment(deps: DeploymentDeps, caller: Caller, input: RollbackInput): Promise<Deployment> {
	const { db } = deps.infra;
	const earlier = await withTenant(db, caller.tenantId, (t) => readDeploymentRow(db, t, caller.tenantId, input.deploymentId));
	if (input.environment !== undefined && input.environment !== earlier.environment_name) {
		throw new AppError("validation_failed", `Deployment ${earlier.id} went to ${earlier.environment_name}, not ${input.environment}.`, { path: "/environment" });
	}
	if (earlier.status !== "succeeded") {
		throw new AppError("validation_failed", `Deployment ${earlier.id} ${earlier.status === "failed" ? "failed" : "has not finished"}; roll back to a deployment that succeeded.`);
	}
	const target = await loadDeployTargetById(deps, caller.tenantId, earlier.environment_id);
	return queueDeployment(deps, caller, { target, releaseId: earlier.release_id, kind: "rollback", rollbackOf: earlier.id, force: true });
}
