import type { AssignmentRemoved, Infer } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { loadClass } from "./class-access";

/** Takes a lesson off a class. A lesson that was not assigned answers 404, so a typo is not mistaken for success. */
export async function unassignLesson(
	deps: Pick<AppDependencies, "infra">,
	caller: UserCaller,
	input: { classId: string; lessonId: string },
): Promise<Infer<typeof AssignmentRemoved>> {
	const db = deps.infra.db;
	const { classId, lessonId } = input;
	await withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId, { lock: true });
		const removed = await db.query<{ lesson_version: string }>("DELETE FROM class_assignments WHERE tenant_id = $1 AND class_id = $2 AND lesson_id = $3 RETURNING lesson_version", {
			bind: [caller.tenantId, classId, lessonId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (removed.length === 0) throw new AppError("not_found", "This lesson is not assigned to the class.");
		await recordAudit(db, { action: "class.assignment_removed", ...auditedBy(caller), targetType: "class", targetId: classId, details: { lessonId } }, { transaction });
	});
	return { classId, lessonId, status: "removed" };
}
