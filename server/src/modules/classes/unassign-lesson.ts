import type { Sequelize } from "sequelize";
import { QueryTypes } from "sequelize";
import { AppError } from "../../http/app-error";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import { auditTrace, loadClass, type ClassCaller } from "./class-access";

/** Takes a lesson off a class. A lesson that was not assigned answers 404, so a typo is not mistaken for success. */
export async function unassignLesson(db: Sequelize, caller: ClassCaller, classId: string, lessonId: string): Promise<void> {
	await withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId, { lock: true });
		const removed = await db.query<{ lesson_version: string }>("DELETE FROM class_assignments WHERE tenant_id = $1 AND class_id = $2 AND lesson_id = $3 RETURNING lesson_version", {
			bind: [caller.tenantId, classId, lessonId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (removed.length === 0) throw new AppError("not_found", "This lesson is not assigned to the class.");
		await recordAudit(
			db,
			{ action: "class.assignment_removed", tenantId: caller.tenantId, actorUserId: caller.userId, targetType: "class", targetId: classId, details: { lessonId }, ...auditTrace(caller) },
			{ transaction },
		);
	});
}
