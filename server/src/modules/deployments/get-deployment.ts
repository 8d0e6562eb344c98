import type { Deployment } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { DeploymentReadDeps } from "./deployment-deps";
import { readDeployment } from "./deployment-record";

export function getDeployment(deps: DeploymentReadDeps, caller: Caller, input: { readonly deploymentId: string }): Promise<Deployment> {
	const { db } = deps.infra;
	return withTenant(db, caller.tenantId, (transaction) => readDeployment(db, transaction, caller.tenantId, input.deploymentId));
}
