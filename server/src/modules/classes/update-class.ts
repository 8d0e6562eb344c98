import type { Class, ClassUpdateRequest } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import { refuseBlankFields } from "./blank-fields";
import { auditTrace, loadClass, type ClassCaller } from "./class-access";
import { toClass } from "./class-row";

/** Renames, archives (archived: true) or restores (archived: false) a class the caller manages. */
export async function updateClass(db: Sequelize, caller: ClassCaller, classId: string, change: ClassUpdateRequest): Promise<Class> {
	refuseBlankFields({ name: change.name });
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await loadClass(db, transaction, caller, classId, { lock: true });
		const name = change.name?.trim() ?? row.name;
		// Archiving twice keeps the first time; restoring clears it.
		const archivedAt = change.archived === undefined ? row.archived_at : change.archived ? (row.archived_at ?? new Date()) : null;
		const [updated] = await db.query<{ name: string; archived_at: Date | null }>("UPDATE classes SET name = $3, archived_at = $4 WHERE tenant_id = $1 AND id = $2 RETURNING name, archived_at", {
			bind: [caller.tenantId, classId, name, archivedAt],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (change.archived !== undefined && (row.archived_at === null) === change.archived) {
			await recordAudit(
				db,
				{ action: change.archived ? "class.archived" : "class.restored", tenantId: caller.tenantId, actorUserId: caller.userId, targetType: "class", targetId: classId, ...auditTrace(caller) },
				{ transaction },
			);
		}
		return toClass({ ...row, name: updated?.name ?? name, archived_at: updated?.archived_at ?? null });
	});
}
