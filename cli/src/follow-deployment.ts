import type { Deployment } from "@toolboxai/shared";
import type { DeploymentsApi } from "./api/deployments-api";
import type { Sleep } from "./api/service-client";
import { CliError } from "./cli-error";

export const POLL_INTERVAL_MS = 1000;
/** Network failures in a row tolerated while following: the deployment goes on without us, so a blip is waited out. */
export const MAX_POLL_NETWORK_FAILURES = 5;

export function isFinished(deployment: Deployment): boolean {
	return deployment.status === "succeeded" || deployment.status === "failed";
}

/**
 * Reads the deployment again every `pollMs` until it has succeeded or failed, telling `onUpdate` each reading
 * (429s are waited out by the client). Returns the final deployment.
 */
export async function followDeployment(options: {
	readonly api: DeploymentsApi;
	readonly first: Deployment;
	readonly sleep: Sleep;
	readonly pollMs?: number;
	readonly onUpdate: (deployment: Deployment) => void;
}): Promise<Deployment> {
	let current = options.first;
	options.onUpdate(current);
	let networkFailures = 0;
	while (!isFinished(current)) {
		await options.sleep(options.pollMs ?? POLL_INTERVAL_MS);
		try {
			current = await options.api.getDeployment(current.id);
			networkFailures = 0;
		} catch (err) {
			if (!(err instanceof CliError) || err.kind !== "unreachable" || ++networkFailures > MAX_POLL_NETWORK_FAILURES) {
				if (err instanceof CliError && err.kind === "unreachable") {
					throw new CliError("unreachable", err.code, `${err.message} Deployment ${current.id} may still be running: see \`toolboxai status ${current.id}\`.`);
				}
				throw err;
			}
			continue;
		}
		options.onUpdate(current);
	}
	return current;
}
