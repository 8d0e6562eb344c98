import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { AppError } from "../../../errors/app-error";
import { withTenant } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";
import { auditedBy, recordAudit } from "../../audit";

export interface LinkGuardian {
	readonly guardianUserId: string;
	readonly studentUserId: string;
}

export interface GuardianLinkRecord {
	readonly id: string;
	readonly guardianUserId: string;
	readonly studentUserId: string;
	readonly createdAt: string;
}

/** Lets a guardian of the school see one of its students. Both must be members with those roles; linking twice is a no-op. */
export async function linkGuardian(deps: Pick<AppDependencies, "infra">, caller: UserCaller, link: LinkGuardian): Promise<GuardianLinkRecord> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	return withTenant(db, tenantId, async (transaction) => {
		const roles = await db.query<{ user_id: string; role: string }>("SELECT user_id, role FROM memberships WHERE tenant_id = $1 AND user_id = ANY($2::uuid[])", {
			bind: [tenantId, [link.guardianUserId, link.studentUserId]],
			type: QueryTypes.SELECT,
			transaction,
		});
		const has = (userId: string, role: string) => roles.some((row) => row.user_id === userId && row.role === role);
		const issues = [
			...(has(link.guardianUserId, "guardian") ? [] : [{ path: "/guardianUserId", code: "not_a_guardian", message: "must be a guardian of this school" }]),
			...(has(link.studentUserId, "student") ? [] : [{ path: "/studentUserId", code: "not_a_student", message: "must be a student of this school" }]),
		];
		if (issues.length > 0) throw new AppError("validation_failed", "Link a guardian of this school to a student of this school.", { issues });
		const [row] = await db.query<{ id: string; created_at: Date }>(
			`INSERT INTO guardian_links (tenant_id, guardian_user_id, student_user_id) VALUES ($1, $2, $3)
			 ON CONFLICT (tenant_id, guardian_user_id, student_user_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id
			 RETURNING id, created_at`,
			{ bind: [tenantId, link.guardianUserId, link.studentUserId], type: QueryTypes.SELECT, transaction },
		);
		const created = row as { id: string; created_at: Date };
		await recordAudit(db, { action: "guardian.linked", ...auditedBy(caller), targetType: "guardian_link", targetId: created.id }, { transaction });
		return { id: created.id, guardianUserId: link.guardianUserId, studentUserId: link.studentUserId, createdAt: created.created_at.toISOString() };
	});
}
