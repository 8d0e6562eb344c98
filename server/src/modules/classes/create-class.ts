import type { Class, ClassCreateRequest } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import { refuseBlankFields } from "./blank-fields";
import { auditTrace, type ClassCaller } from "./class-access";
import { toClass, type ClassRow } from "./class-row";
import { issueJoinCode } from "./issue-join-code";

/** A new class taught by the caller, with its first join code. */
export async function createClass(db: Sequelize, caller: ClassCaller, input: ClassCreateRequest): Promise<Class> {
	refuseBlankFields({ name: input.name, gradeBand: input.gradeBand, subject: input.subject });
	return withTenant(db, caller.tenantId, async (transaction) => {
		const [row] = await db.query<ClassRow>(
			`INSERT INTO classes (tenant_id, name, grade_band, subject, teacher_user_id) VALUES ($1, $2, $3, $4, $5)
			 RETURNING id, tenant_id, name, grade_band, subject, teacher_user_id, created_at, archived_at, NULL AS join_code, NULL AS join_code_expires_at`,
			{ bind: [caller.tenantId, input.name.trim(), input.gradeBand?.trim() ?? null, input.subject?.trim() ?? null, caller.userId], type: QueryTypes.SELECT, transaction },
		);
		const created = row as ClassRow;
		const code = await issueJoinCode(db, transaction, { tenantId: caller.tenantId, classId: created.id, ...(input.joinCodeExpiresInDays === undefined ? {} : { days: input.joinCodeExpiresInDays }) });
		await recordAudit(
			db,
			{ action: "class.created", tenantId: caller.tenantId, actorUserId: caller.userId, targetType: "class", targetId: created.id, ...auditTrace(caller) },
			{ transaction },
		);
		return toClass({ ...created, join_code: code.code, join_code_expires_at: code.expiresAt });
	});
}
