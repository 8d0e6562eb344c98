import { REALTIME_EVENTS, deploymentChannel, schoolChannel, type Deployment, type DeploymentUpdatedEvent } from "@toolboxai/shared";
import type { Logger } from "pino";
import { withTenant } from "../../db/tenant-scope";
import type { Infrastructure } from "../../infrastructure.types";
import { readDeployment } from "./deployment-record";

/** Ids and a summary only (well under Pusher's 10 KB whatever the release holds): listeners read the rest. */
export function deploymentUpdated(deployment: Deployment): DeploymentUpdatedEvent {
	return {
		deploymentId: deployment.id,
		environmentId: deployment.environmentId,
		environment: deployment.environment,
		releaseNumber: deployment.releaseNumber,
		kind: deployment.kind,
		status: deployment.status,
		steps: deployment.steps.map(({ name, status, done, total }) => ({ name, status, done, total })),
		...(deployment.error === undefined ? {} : { errorCode: deployment.error.code }),
		updatedAt: new Date().toISOString(),
	};
}

/**
 * Tells the school's staff (the dashboard's deployments page) and whoever follows this deployment (the Studio
 * plugin) that it moved on. Called after the change committed; never throws (publishing is best effort).
 */
export async function broadcastDeployment(
	deps: { readonly logger: Logger; readonly infra: Pick<Infrastructure, "db" | "realtime"> },
	tenantId: string,
	deploymentId: string,
): Promise<void> {
	const { db, realtime } = deps.infra;
	try {
		const deployment = await withTenant(db, tenantId, (transaction) => readDeployment(db, transaction, tenantId, deploymentId));
		const event = deploymentUpdated(deployment);
		await Promise.all([
			realtime.publish(schoolChannel(tenantId), REALTIME_EVENTS.deploymentUpdated, event),
			realtime.publish(deploymentChannel(deploymentId), REALTIME_EVENTS.deploymentUpdated, event),
		]);
	} catch (error) {
		// Progress is a courtesy: the deployment itself must not fail because a listener could not be told.
		deps.logger.warn({ err: error, deploymentId }, "could not publish deployment progress");
	}
}
