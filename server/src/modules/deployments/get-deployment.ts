import type { Deployment } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { readDeployment } from "./deployment-record";

export function getDeployment(db: Sequelize, tenantId: string, deploymentId: string): Promise<Deployment> {
	return withTenant(db, tenantId, (transaction) => readDeployment(db, transaction, tenantId, deploymentId));
}
