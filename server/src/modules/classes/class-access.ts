import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { notFound } from "../../errors/app-error";
import { CLASS_SELECT, type ClassRow } from "./class-row";

/** A tenant_admin (or the operator) sees and manages every class of the school; a teacher only the ones they teach. */
export function managesAllClasses(caller: UserCaller): boolean {
	const roles = caller.actor.roles;
	return roles.includes("tenant_admin") || roles.includes("platform_admin");
}

/**
 * The class, if the caller may see it: the object-level check behind the route's permission. Another teacher's
 * class answers the same 404 as another school's (row-level security already hides those) or an unknown id.
 */
export async function loadClass(db: Sequelize, transaction: Transaction, caller: UserCaller, classId: string, options: { lock?: boolean } = {}): Promise<ClassRow> {
	const [row] = await db.query<ClassRow>(`${CLASS_SELECT} WHERE c.tenant_id = $1 AND c.id = $2${options.lock === true ? " FOR UPDATE OF c" : ""}`, {
		bind: [caller.tenantId, classId],
		type: QueryTypes.SELECT,
		transaction,
	});
	if (row === undefined) throw notFound("class");
	if (!managesAllClasses(caller) && row.teacher_user_id !== caller.actor.userId) throw notFound("class");
	return row;
}
