import type { SessionsEnded } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { rolesAllow } from "../../../access/permissions";
import { withTenant } from "../../../db/tenant-scope";
import { notFound } from "../../../errors/app-error";
import { auditedBy, recordAudit } from "../../audit";
import type { AuthDeps } from "../auth-services";
import { revokeSession, revokeSessionsOfUser } from "./revoke-sessions";

/**
 * Ends one session: any of the caller's own, or (for those who manage the school's members) any Studio session
 * in the school. Anything else, including another school's, is not found.
 */
export async function endSession(deps: AuthDeps, caller: UserCaller, input: { readonly sessionId: string }): Promise<SessionsEnded> {
	const db = deps.infra.db;
	const [row] = await withTenant(db, caller.tenantId, (transaction) =>
		db.query<{ userId: string; client: string }>(
			`SELECT user_id AS "userId", client FROM auth_sessions
			 WHERE id = :sessionId AND tenant_id = :tenantId AND revoked_at IS NULL AND expires_at > now()`,
			{ type: QueryTypes.SELECT, replacements: { sessionId: input.sessionId, tenantId: caller.tenantId }, transaction },
		),
	);
	const own = row?.userId === caller.actor.userId;
	const managed = row?.client === "studio" && rolesAllow(caller.actor.roles, "members:manage");
	if (row === undefined || !(own || managed)) throw notFound("session");
	const ended = await revokeSession(db, input.sessionId, own ? "logout" : "admin");
	if (ended.length > 0) {
		await recordAudit(db, {
			action: "auth.session_ended",
			...auditedBy(caller),
			targetType: "session",
			targetId: input.sessionId,
			details: { client: row.client, ...(own ? {} : { userId: row.userId }) },
		});
	}
	return { ended: ended.length };
}

/** "Sign out everywhere": every session of the caller's, in every school, this one included. */
export async function endAllMySessions(deps: AuthDeps, caller: UserCaller): Promise<SessionsEnded> {
	const ended = await revokeSessionsOfUser(deps.infra.db, caller.actor.userId, "logout");
	await recordAudit(deps.infra.db, {
		action: "auth.signed_out_everywhere",
		...auditedBy(caller),
		targetType: "user",
		targetId: caller.actor.userId,
		details: { ended: ended.length },
	});
	return { ended: ended.length };
}
