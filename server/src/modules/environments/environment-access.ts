import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { notFound } from "../../errors/app-error";
import { ENVIRONMENT_COLUMNS, type EnvironmentRow } from "./environment-row";

/** A live (not deleted) environment of the caller's school, or the same 404 as an unknown or foreign id. */
export async function loadEnvironment(db: Sequelize, transaction: Transaction, tenantId: string, environmentId: string, options: { lock?: boolean } = {}): Promise<EnvironmentRow> {
	const [row] = await db.query<EnvironmentRow>(
		`SELECT ${ENVIRONMENT_COLUMNS} FROM deployment_environments WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL${options.lock === true ? " FOR UPDATE" : ""}`,
		{ bind: [tenantId, environmentId], type: QueryTypes.SELECT, transaction },
	);
	if (row === undefined) throw notFound("environment");
	return row;
}
