import type { Deployment, DeploymentCreateRequest } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { loadDeployTarget } from "../environments";
import { loadReleaseForDeploy } from "../releases";
import type { DeploymentDeps } from "./deployment-deps";
import { planForEnvironment, planReleaseOf } from "./plan-for-environment";
import { queueDeployment } from "./queue-deployment";

/**
 * POST /v1/deployments: checks the plan first — a release with files still to upload, a key without the scopes
 * it needs or a file over Roblox's limits is refused (422) with the plan's problems — then queues the deploy.
 */
export async function createDeployment(deps: DeploymentDeps, caller: Caller, input: DeploymentCreateRequest): Promise<Deployment> {
	const { db } = deps.infra;
	const target = await loadDeployTarget(deps, caller.tenantId, input.environment);
	const release = await loadReleaseForDeploy(db, caller.tenantId, input.releaseId);
	const plan = await planForEnvironment(db, caller.tenantId, target, planReleaseOf(release), input.force ?? false);
	if (plan.problems.length > 0) {
		throw new AppError("validation_failed", `The release cannot be deployed to ${target.name}: ${plan.problems.join(" ")}`, { problems: plan.problems });
	}
	return queueDeployment(deps, caller, { target, releaseId: input.releaseId, kind: "deploy", force: input.force ?? false });
}
