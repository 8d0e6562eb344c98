import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { AppError } from "../../errors/app-error";

export interface Teaching {
	readonly lessons: number;
	readonly classes: number;
}

/** How many of the school's lessons a person owns and how many of its classes they teach (archived ones too). */
export async function teachingOf(db: Sequelize, transaction: Transaction, tenantId: string, userId: string): Promise<Teaching> {
	const [row] = await db.query<Teaching>(
		`SELECT (SELECT count(*)::int FROM lessons WHERE tenant_id = $1 AND owner_user_id = $2) AS lessons,
		        (SELECT count(*)::int FROM classes WHERE tenant_id = $1 AND teacher_user_id = $2) AS classes`,
		{ bind: [tenantId, userId], type: QueryTypes.SELECT, transaction },
	);
	return row ?? { lessons: 0, classes: 0 };
}

/** The colleague must be someone else in the school who can own lessons and teach classes. */
export async function checkColleague(db: Sequelize, transaction: Transaction, tenantId: string, leavingUserId: string, colleagueUserId: string): Promise<void> {
	const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND user_id = $2 AND role IN ('teacher', 'tenant_admin')", {
		bind: [tenantId, colleagueUserId],
		type: QueryTypes.SELECT,
		transaction,
	});
	if (colleagueUserId === leavingUserId || (row?.n ?? 0) === 0) {
		throw new AppError("validation_failed", "Choose a colleague who stays: another teacher or school admin of this school.", {
			issues: [{ path: "/transferTo", code: "not_a_colleague", message: "must be another teacher or school admin of this school" }],
		});
	}
}

/**
 * Gives a leaving member's lessons and classes to a colleague, so no lesson or class is left with an owner who
 * is no longer in the school. The lessons and classes modules own those tables; this is the one write tenancy
 * makes to them, in the removal's transaction so the hand-over and the removal happen together or not at all.
 */
export async function handOverTeaching(db: Sequelize, transaction: Transaction, tenantId: string, fromUserId: string, toUserId: string): Promise<void> {
	await db.query("UPDATE lessons SET owner_user_id = $3, updated_at = now() WHERE tenant_id = $1 AND owner_user_id = $2", { bind: [tenantId, fromUserId, toUserId], transaction });
	await db.query("UPDATE classes SET teacher_user_id = $3 WHERE tenant_id = $1 AND teacher_user_id = $2", { bind: [tenantId, fromUserId, toUserId], transaction });
}
