import type { Class, ClassCreateRequest } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { refuseBlankFields } from "./blank-fields";
import { toClass, type ClassRow } from "./class-row";
import { issueJoinCode } from "./issue-join-code";

/** A new class taught by the caller, with its first join code. */
export async function createClass(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: ClassCreateRequest): Promise<Class> {
	const db = deps.infra.db;
	refuseBlankFields({ name: input.name, gradeBand: input.gradeBand, subject: input.subject });
	return withTenant(db, caller.tenantId, async (transaction) => {
		const [row] = await db.query<ClassRow>(
			`INSERT INTO classes (tenant_id, name, grade_band, subject, teacher_user_id) VALUES ($1, $2, $3, $4, $5)
			 RETURNING id, tenant_id, name, grade_band, subject, teacher_user_id, created_at, archived_at, NULL AS join_code, NULL AS join_code_expires_at`,
			{ bind: [caller.tenantId, input.name.trim(), input.gradeBand?.trim() ?? null, input.subject?.trim() ?? null, caller.actor.userId], type: QueryTypes.SELECT, transaction },
		);
		const created = row as ClassRow;
		const code = await issueJoinCode(db, transaction, {
			tenantId: caller.tenantId,
			classId: created.id,
			...(input.joinCodeExpiresInDays === undefined ? {} : { days: input.joinCodeExpiresInDays }),
		});
		await recordAudit(db, { action: "class.created", ...auditedBy(caller), targetType: "class", targetId: created.id }, { transaction });
		return toClass({ ...created, join_code: code.code, join_code_expires_at: code.expiresAt });
	});
}
