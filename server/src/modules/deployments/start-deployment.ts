import type { Deployment, DeploymentCreateRequest } from "@toolboxai/shared";
import type { Config } from "../../config/config";
import { AppError } from "../../http/app-error";
import { loadDeployTarget } from "../environments/deploy-target";
import { createDeployment, type CreateDeploymentDeps } from "./create-deployment";
import type { DeploymentActor } from "./deployment-actor";
import { planFor, planReleaseOf } from "./make-plan";
import { loadReleaseForDeploy } from "../releases/release-for-deploy";

/**
 * POST /v1/deployments: checks the plan first — a release with files still to upload, a key without the scopes
 * it needs or a file over Roblox's limits is refused (422) with the plan's problems — then queues the deploy.
 */
export async function startDeployment(deps: CreateDeploymentDeps & { config: Config }, actor: DeploymentActor, request: DeploymentCreateRequest, trace: { ip?: string; requestId?: string }): Promise<Deployment> {
	const target = await loadDeployTarget(deps, actor.tenantId, request.environment);
	const release = await loadReleaseForDeploy(deps.db, actor.tenantId, request.releaseId);
	const plan = await planFor(deps.db, actor.tenantId, target, planReleaseOf(release), request.force ?? false);
	if (plan.problems.length > 0) {
		throw new AppError("validation_failed", `The release cannot be deployed to ${target.name}: ${plan.problems.join(" ")}`, { problems: plan.problems });
	}
	return createDeployment(deps, actor, { target, releaseId: request.releaseId, kind: "deploy", force: request.force ?? false }, trace);
}
