import { z } from "zod";
import type { JobDefinition } from "../../../infrastructure.types";
import { payloadParser } from "../../../jobs/payload";
import type { DeploymentJobDeps } from "../deployment-deps";
import { type DeploymentJobPayload, runDeploymentJob } from "./run-deployment-job";

export const DEPLOYMENT_RUN = "deployment.run";
const ATTEMPTS = 3;

const schema = z.object({ tenantId: z.uuid(), deploymentId: z.uuid() });

/**
 * Runs (or resumes) one deployment. Enqueued with the deployment id as idempotency key when it is created; the
 * sweep enqueues it again under a new key when its runner died. Failures Roblox or the school must fix end the
 * deployment as failed; anything else is retried, and the lease keeps retries from overlapping.
 */
export function defineDeploymentJob(deps: DeploymentJobDeps): JobDefinition<DeploymentJobPayload> {
	return {
		name: DEPLOYMENT_RUN,
		version: 1,
		parse: payloadParser(DEPLOYMENT_RUN, schema),
		attempts: ATTEMPTS,
		backoffMs: 5_000,
		handle: (job, context) => runDeploymentJob({ ...deps, logger: context.logger }, { ...job, attempt: context.attempt, attempts: ATTEMPTS }),
	};
}
