import type { SchoolSettings } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { Caller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import { notFound } from "../../../errors/app-error";
import type { AppDependencies } from "../../../http/app-module";

/** The school's settings row, read in the caller's tenant scope (so only their own school is visible). */
export async function loadSchoolSettings(db: Sequelize, transaction: Transaction, tenantId: string, options: { lock?: boolean } = {}): Promise<SchoolSettings> {
	const rows = await db.query<{ time_zone: string }>(`SELECT time_zone FROM tenants WHERE id = $1${options.lock === true ? " FOR UPDATE" : ""}`, {
		bind: [tenantId],
		type: QueryTypes.SELECT,
		transaction,
	});
	const row = rows[0];
	if (row === undefined) throw notFound("school");
	return { timeZone: row.time_zone };
}

export function getSchoolSettings(deps: Pick<AppDependencies, "infra">, caller: Caller): Promise<SchoolSettings> {
	return withTenant(deps.infra.db, caller.tenantId, (transaction) => loadSchoolSettings(deps.infra.db, transaction, caller.tenantId));
}
