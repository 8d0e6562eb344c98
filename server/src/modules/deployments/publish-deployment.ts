import type { Logger } from "pino";
import type { Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import type { RealtimePublisher } from "../../infrastructure.types";
import { readDeployment } from "./deployment-record";

export const DEPLOYMENT_EVENT = "deployment.updated";

/** The school's private channel: the dashboard and the Studio plugin of that school listen on it. */
export function tenantChannel(tenantId: string): string {
	return `private-tenant-${tenantId}`;
}

/** Tells listeners the deployment's current state (the whole Deployment, so they need not fetch it). Never throws. */
export async function publishDeployment(deps: { db: Sequelize; realtime: RealtimePublisher; logger: Logger }, tenantId: string, deploymentId: string): Promise<void> {
	try {
		const deployment = await withTenant(deps.db, tenantId, (transaction) => readDeployment(deps.db, transaction, tenantId, deploymentId));
		await deps.realtime.publish(tenantChannel(tenantId), DEPLOYMENT_EVENT, deployment);
	} catch (error) {
		// Progress is a courtesy: the deployment itself must not fail because a listener could not be told.
		deps.logger.warn({ err: error, deploymentId }, "could not publish deployment progress");
	}
}
