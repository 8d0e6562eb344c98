import type { UserCaller } from "../../access/caller";
import { notFound } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { recordAudit, auditedBy } from "../audit";
import { unlockSignIn } from "../auth";
import { findMember } from "./find-member";

export interface UnlockMember {
	readonly userId: string;
}

/**
 * Lifts a member's sign-in locks (after repeated failed sign-ins), so they can sign in again at once from
 * wherever they were refused. Only for a member of the caller's school: anyone else is the same 404.
 */
export async function unlockMember(deps: Pick<AppDependencies, "config" | "infra">, caller: UserCaller, input: UnlockMember): Promise<{ status: "accepted" }> {
	const db = deps.infra.db;
	const member = await findMember(db, caller.tenantId, input.userId);
	if (member === undefined) throw notFound("member");
	await unlockSignIn(deps, { userId: input.userId });
	await recordAudit(db, { action: "member.sign_in_unlocked", ...auditedBy(caller), targetType: "user", targetId: input.userId });
	return { status: "accepted" };
}
