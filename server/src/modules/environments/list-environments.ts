import type { Environment } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { EnvironmentDbDeps } from "./environment-deps";
import { ENVIRONMENT_COLUMNS, toEnvironment, type EnvironmentRow } from "./environment-row";

/** The school's live environments by name (a school has a handful: staging, production...). */
export async function listEnvironments(deps: EnvironmentDbDeps, caller: Caller): Promise<{ items: Environment[] }> {
	const { db } = deps.infra;
	const rows = await withTenant(db, caller.tenantId, (transaction) =>
		db.query<EnvironmentRow>(`SELECT ${ENVIRONMENT_COLUMNS} FROM deployment_environments WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY name LIMIT 100`, {
			bind: [caller.tenantId],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
	return { items: rows.map(toEnvironment) };
}
