import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { notFound } from "../../errors/app-error";
import { VERSION_COLUMNS, type VersionRow } from "./version-row";

/** One version of a lesson the caller's school owns, or 404. */
export async function findVersion(db: Sequelize, transaction: Transaction, tenantId: string, lessonId: string, version: string): Promise<VersionRow> {
	const [row] = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM lesson_versions WHERE tenant_id = $1 AND lesson_id = $2 AND version = $3`, {
		bind: [tenantId, lessonId, version],
		type: QueryTypes.SELECT,
		transaction,
	});
	if (row === undefined) throw notFound("lesson version");
	return row;
}
