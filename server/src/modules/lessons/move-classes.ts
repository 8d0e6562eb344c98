import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { auditedBy, recordAudit } from "../audit";
import { loadClass } from "../classes";

/**
 * Moves the named classes' assignment of the lesson to `version`, inside the publish's transaction: each class must
 * be one the caller manages (otherwise 404, as everywhere for classes) and have the lesson assigned (otherwise 422 at
 * its index). A class already on the version is left alone. The class keeps its place in its assignment order.
 * Every move is audited as an assignment change. Returns the classes moved.
 */
export async function moveClassesToVersion(
	db: Sequelize,
	transaction: Transaction,
	caller: UserCaller,
	input: { lessonId: string; version: string; classIds: ReadonlyArray<string> },
): Promise<string[]> {
	const moved: string[] = [];
	for (const [index, classId] of input.classIds.entries()) {
		if (input.classIds.indexOf(classId) !== index) continue;
		const klass = await loadClass(db, transaction, caller, classId, { lock: true });
		if (klass.archived_at !== null) throw new AppError("conflict", `The class ${klass.name} is archived: restore it before moving its lessons.`);
		const [current] = await db.query<{ lesson_version: string }>("SELECT lesson_version FROM class_assignments WHERE tenant_id = $1 AND class_id = $2 AND lesson_id = $3", {
			bind: [caller.tenantId, classId, input.lessonId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (current === undefined) {
			throw new AppError("validation_failed", "Only classes that have this lesson assigned can be moved to the new version.", {
				issues: [{ path: `/moveClassIds/${index}`, code: "not_assigned", message: `the class ${klass.name} does not have this lesson assigned; assign it instead` }],
			});
		}
		if (current.lesson_version === input.version) continue;
		await db.query("UPDATE class_assignments SET lesson_version = $4, assigned_by = $5 WHERE tenant_id = $1 AND class_id = $2 AND lesson_id = $3", {
			bind: [caller.tenantId, classId, input.lessonId, input.version, caller.actor.userId],
			transaction,
		});
		await recordAudit(
			db,
			{
				action: "class.assignment_moved",
				...auditedBy(caller),
				targetType: "class",
				targetId: classId,
				details: { lessonId: input.lessonId, fromVersion: current.lesson_version, toVersion: input.version },
			},
			{ transaction },
		);
		moved.push(classId);
	}
	return moved;
}
