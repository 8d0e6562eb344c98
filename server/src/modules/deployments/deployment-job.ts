import { z } from "zod";
import type { JobDefinition } from "../../infrastructure.types";
import { payloadParser } from "../../jobs/payload";
import type { RunDeps } from "./deployment-run";
import { runDeployment, type RunJob } from "./run-deployment";

export const DEPLOYMENT_RUN = "deployment.run";
const ATTEMPTS = 3;

const schema = z.object({ tenantId: z.uuid(), deploymentId: z.uuid() });

/**
 * Runs (or resumes) one deployment. Enqueued with the deployment id as idempotency key when it is created; the
 * sweep enqueues it again under a new key when its runner died. Failures Roblox or the school must fix end the
 * deployment as failed; anything else is retried, and the lease keeps retries from overlapping.
 */
export function deploymentRunJob(deps: RunDeps): JobDefinition<RunJob> {
	return {
		name: DEPLOYMENT_RUN,
		version: 1,
		parse: payloadParser(DEPLOYMENT_RUN, schema),
		attempts: ATTEMPTS,
		backoffMs: 5_000,
		handle: (job, context) => runDeployment({ ...deps, logger: context.logger }, job, { attempt: context.attempt, attempts: ATTEMPTS }),
	};
}
