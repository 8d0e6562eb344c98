import type { Class, ClassUpdateRequest } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { refuseBlankFields } from "./blank-fields";
import { loadClass } from "./class-access";
import { toClass } from "./class-row";

export interface UpdateClassInput extends ClassUpdateRequest {
	readonly classId: string;
}

/** Renames, archives (archived: true) or restores (archived: false) a class the caller manages. */
export async function updateClass(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: UpdateClassInput): Promise<Class> {
	const db = deps.infra.db;
	const { classId } = input;
	refuseBlankFields({ name: input.name });
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await loadClass(db, transaction, caller, classId, { lock: true });
		const name = input.name?.trim() ?? row.name;
		// Archiving twice keeps the first time; restoring clears it.
		const archivedAt = input.archived === undefined ? row.archived_at : input.archived ? (row.archived_at ?? new Date()) : null;
		const [updated] = await db.query<{ name: string; archived_at: Date | null }>(
			"UPDATE classes SET name = $3, archived_at = $4 WHERE tenant_id = $1 AND id = $2 RETURNING name, archived_at",
			{
				bind: [caller.tenantId, classId, name, archivedAt],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		if (input.archived !== undefined && (row.archived_at === null) === input.archived) {
			await recordAudit(db, { action: input.archived ? "class.archived" : "class.restored", ...auditedBy(caller), targetType: "class", targetId: classId }, { transaction });
		}
		return toClass({ ...row, name: updated?.name ?? name, archived_at: updated?.archived_at ?? null });
	});
}
