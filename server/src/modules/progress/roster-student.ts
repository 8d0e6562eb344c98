import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { notFound } from "../../errors/app-error";

export interface RosterStudent {
	readonly user_id: string;
	readonly display_name: string;
	readonly roblox_user_id: string | null;
	readonly joined_at: Date;
}

/** A student on the class's roster now; anyone else (removed, another class's, another school's) answers 404. */
export async function loadRosterStudent(db: Sequelize, transaction: Transaction, tenantId: string, classId: string, studentUserId: string): Promise<RosterStudent> {
	const [row] = await db.query<RosterStudent>(
		`SELECT m.user_id, u.display_name, u.roblox_user_id, m.joined_at
		 FROM class_members m JOIN users u ON u.id = m.user_id
		 WHERE m.tenant_id = $1 AND m.class_id = $2 AND m.user_id = $3`,
		{ bind: [tenantId, classId, studentUserId], type: QueryTypes.SELECT, transaction },
	);
	if (row === undefined) throw notFound("student on this class's roster");
	return row;
}
