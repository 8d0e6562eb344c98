import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/** Seats used: distinct students enrolled in at least one class of the school that is not archived. */
export async function countSeatsUsed(db: Sequelize, transaction: Transaction, tenantId: string): Promise<number> {
	const [row] = await db.query<{ n: number }>(
		`SELECT count(DISTINCT cm.user_id)::int AS n FROM class_members cm
		 JOIN classes c ON c.id = cm.class_id AND c.archived_at IS NULL
		 WHERE cm.tenant_id = $1`,
		{ bind: [tenantId], type: QueryTypes.SELECT, transaction },
	);
	return row?.n ?? 0;
}

/** Whether this student already holds a seat (is in some class of the school that is not archived). */
export async function holdsSeat(db: Sequelize, transaction: Transaction, tenantId: string, userId: string): Promise<boolean> {
	const rows = await db.query(
		`SELECT 1 FROM class_members cm JOIN classes c ON c.id = cm.class_id AND c.archived_at IS NULL
		 WHERE cm.tenant_id = $1 AND cm.user_id = $2 LIMIT 1`,
		{ bind: [tenantId, userId], type: QueryTypes.SELECT, transaction },
	);
	return rows.length > 0;
}
