import type { DeploymentPlan } from "@toolboxai/shared";

/**
 * `deploy --plan` plans an inline manifest before anything is uploaded, so the service lists "N file(s) of the
 * release are not uploaded to the service yet" among the problems: true of a stored release, but for the CLI it is
 * exactly what a deploy does first. Those are not counted against the plan. The service gives the problem as text
 * only, so this matches its wording (server/src/modules/deployments/plan-deployment.ts).
 */
export function isFixedByDeploy(problem: string): boolean {
	return problem.includes("not uploaded to the service yet");
}

/** The problems that would still make a deploy from this machine fail. */
export function blockingProblems(plan: DeploymentPlan): string[] {
	return plan.problems.filter((problem) => !isFixedByDeploy(problem));
}
