import type { RosterStudentRemoved } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { loadClass } from "./class-access";

/**
 * Takes a student off a class's roster (the class's teacher or a school admin). Only the roster row goes: the
 * student stays a member of the school, and their progress events and summaries stay where the school's retention
 * and privacy rules keep them (they simply no longer count in this class's views, and events naming this class are
 * counted for another class of theirs, or none). A student who was not on the roster answers 404.
 */
export async function removeStudent(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: { classId: string; studentUserId: string }): Promise<RosterStudentRemoved> {
	const db = deps.infra.db;
	const { classId, studentUserId } = input;
	await withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId, { lock: true });
		const removed = await db.query<{ user_id: string }>("DELETE FROM class_members WHERE tenant_id = $1 AND class_id = $2 AND user_id = $3 RETURNING user_id", {
			bind: [caller.tenantId, classId, studentUserId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (removed.length === 0) throw new AppError("not_found", "This student is not on the class's roster.");
		await recordAudit(db, { action: "class.student_removed", ...auditedBy(caller), targetType: "class", targetId: classId, details: { studentUserId } }, { transaction });
	});
	return { classId, studentUserId, status: "removed" };
}
