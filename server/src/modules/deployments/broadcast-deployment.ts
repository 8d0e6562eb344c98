import type { Logger } from "pino";
import { withTenant } from "../../db/tenant-scope";
import type { Infrastructure } from "../../infrastructure.types";
import { readDeployment } from "./deployment-record";

export const DEPLOYMENT_EVENT = "deployment.updated";

/** The school's private channel: the dashboard and the Studio plugin of that school listen on it. */
export function tenantChannel(tenantId: string): string {
	return `private-tenant-${tenantId}`;
}

/** Tells listeners the deployment's current state (the whole Deployment, so they need not fetch it). Never throws. */
export async function broadcastDeployment(
	deps: { readonly logger: Logger; readonly infra: Pick<Infrastructure, "db" | "realtime"> },
	tenantId: string,
	deploymentId: string,
): Promise<void> {
	const { db, realtime } = deps.infra;
	try {
		const deployment = await withTenant(db, tenantId, (transaction) => readDeployment(db, transaction, tenantId, deploymentId));
		await realtime.publish(tenantChannel(tenantId), DEPLOYMENT_EVENT, deployment);
	} catch (error) {
		// Progress is a courtesy: the deployment itself must not fail because a listener could not be told.
		deps.logger.warn({ err: error, deploymentId }, "could not publish deployment progress");
	}
}
