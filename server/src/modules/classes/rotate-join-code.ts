import type { JoinCode } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { loadClass } from "./class-access";
import { issueJoinCode } from "./issue-join-code";
import { generateJoinCode } from "./join-code";

export interface RotateJoinCodeDeps extends Pick<AppDependencies, "infra"> {
	/** Where fresh codes come from (tests draw known ones); crypto randomness by default. */
	readonly generateJoinCode?: () => string;
}

export interface RotateJoinCodeInput {
	readonly classId: string;
	/** How long the new code works; 14 days when absent. */
	readonly expiresInDays?: number;
}

/** A new join code for the class; the old one stops working at once. The code itself is not audited (it is a secret of sorts). */
export async function rotateJoinCode(deps: RotateJoinCodeDeps, caller: UserCaller, input: RotateJoinCodeInput): Promise<JoinCode> {
	const db = deps.infra.db;
	const { classId } = input;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await loadClass(db, transaction, caller, classId, { lock: true });
		if (row.archived_at !== null) throw new AppError("conflict", "This class is archived: restore it before giving it a join code.");
		const target = { tenantId: caller.tenantId, classId, ...(input.expiresInDays === undefined ? {} : { days: input.expiresInDays }) };
		const code = await issueJoinCode(db, transaction, target, deps.generateJoinCode ?? generateJoinCode);
		await recordAudit(
			db,
			{ action: "class.join_code_rotated", ...auditedBy(caller), targetType: "class", targetId: classId, details: { expiresAt: code.expiresAt.toISOString() } },
			{ transaction },
		);
		return { classId, joinCode: code.code, expiresAt: code.expiresAt.toISOString() };
	});
}
