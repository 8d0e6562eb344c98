import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { withSystem } from "../../db/tenant-scope";

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

/**
 * Seconds since the oldest event still waiting for aggregation arrived, across every school (0 when none waits): how far
 * behind the teacher views are. Runs as the system role (a cross-school read of one number, no row leaves).
 */
export async function oldestPendingEventAgeSeconds(db: Sequelize): Promise<number> {
	return withSystem(db, async (transaction) => {
		const [row] = await db.query<{ age: number | null }>("SELECT extract(epoch FROM now() - min(received_at))::float8 AS age FROM progress_events WHERE aggregated_at IS NULL", {
			type: QueryTypes.SELECT,
			transaction,
		});
		return Math.max(0, row?.age ?? 0);
	});
}
