import { counter, METRIC_PREFIX } from "./registry";

const finished = counter(`${METRIC_PREFIX}deployments_finished_total`, "Deployments to Roblox that finished, by outcome (succeeded, failed).", ["outcome"]);

export function countDeploymentFinished(outcome: "succeeded" | "failed"): void {
	finished.inc({ outcome });
}
