import type { Environment } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { ENVIRONMENT_COLUMNS, toEnvironment, type EnvironmentRow } from "./environment-row";

/** The school's live environments by name (a school has a handful: staging, production...). */
export async function listEnvironments(db: Sequelize, tenantId: string): Promise<Environment[]> {
	const rows = await withTenant(db, tenantId, (transaction) =>
		db.query<EnvironmentRow>(`SELECT ${ENVIRONMENT_COLUMNS} FROM deployment_environments WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY name LIMIT 100`, {
			bind: [tenantId],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
	return rows.map(toEnvironment);
}
