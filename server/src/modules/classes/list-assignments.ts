import type { AssignmentList } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { toAssignment, type AssignmentRow } from "./assignment-row";
import { loadClass } from "./class-access";

/** The class's assigned lesson versions, most recently assigned first. */
export async function listAssignments(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: { classId: string }): Promise<AssignmentList> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, input.classId);
		const rows = await db.query<AssignmentRow>(
			`SELECT a.class_id, a.lesson_id, a.lesson_version, l.title AS lesson_title, a.assigned_by, a.assigned_at
			 FROM class_assignments a JOIN lessons l ON l.id = a.lesson_id AND l.tenant_id = a.tenant_id
			 WHERE a.tenant_id = $1 AND a.class_id = $2
			 ORDER BY a.assigned_at DESC, a.lesson_id
			 LIMIT 1000`,
			{ bind: [caller.tenantId, input.classId], type: QueryTypes.SELECT, transaction },
		);
		return { items: rows.map(toAssignment) };
	});
}
