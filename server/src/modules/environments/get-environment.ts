import type { Environment } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { loadEnvironment } from "./environment-access";
import { toEnvironment } from "./environment-row";

export async function getEnvironment(db: Sequelize, tenantId: string, environmentId: string): Promise<Environment> {
	return withTenant(db, tenantId, async (transaction) => toEnvironment(await loadEnvironment(db, transaction, tenantId, environmentId)));
}
