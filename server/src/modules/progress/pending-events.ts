import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/** Events of the class's students stored but not yet folded into the summaries (the partial index makes this cheap). */
export async function pendingEventsOfClass(db: Sequelize, transaction: Transaction, tenantId: string, classId: string): Promise<number> {
	const [row] = await db.query<{ pending: number }>(
		`SELECT count(*)::int AS pending FROM progress_events e
		 JOIN class_members m ON m.tenant_id = e.tenant_id AND m.class_id = $2 AND m.user_id = e.student_user_id
		 WHERE e.tenant_id = $1 AND e.aggregated_at IS NULL`,
		{ bind: [tenantId, classId], type: QueryTypes.SELECT, transaction },
	);
	return row?.pending ?? 0;
}
