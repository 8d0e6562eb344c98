import type { JoinCode } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { AppError } from "../../http/app-error";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import { auditTrace, loadClass, type ClassCaller } from "./class-access";
import { issueJoinCode } from "./issue-join-code";
import { generateJoinCode } from "./join-code";

/** A new join code for the class; the old one stops working at once. The code itself is not audited (it is a secret of sorts). */
export async function rotateJoinCode(db: Sequelize, caller: ClassCaller, classId: string, options: { days?: number } = {}, generate: () => string = generateJoinCode): Promise<JoinCode> {
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await loadClass(db, transaction, caller, classId, { lock: true });
		if (row.archived_at !== null) throw new AppError("conflict", "This class is archived: restore it before giving it a join code.");
		const code = await issueJoinCode(db, transaction, { tenantId: caller.tenantId, classId, ...(options.days === undefined ? {} : { days: options.days }) }, generate);
		await recordAudit(
			db,
			{ action: "class.join_code_rotated", tenantId: caller.tenantId, actorUserId: caller.userId, targetType: "class", targetId: classId, details: { expiresAt: code.expiresAt.toISOString() }, ...auditTrace(caller) },
			{ transaction },
		);
		return { classId, joinCode: code.code, expiresAt: code.expiresAt.toISOString() };
	});
}
