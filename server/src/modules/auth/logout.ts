import { QueryTypes } from "sequelize";
import { withSystem } from "../../db/tenant-scope";
import type { UserCaller } from "../../access/caller";
import { auditedBy, recordAudit } from "../audit";
import type { AuthDeps } from "./auth-services";
import { revokeSession } from "./sessions/revoke-sessions";
import { hashToken } from "./tokens/opaque-token";

/**
 * Ends the session of the access token, and the session of the refresh token when one is given (a client
 * holding both from different sign-ins) — only if it is the same person's.
 */
export async function logout(deps: AuthDeps, caller: UserCaller, input: { readonly refreshToken?: string }): Promise<{ status: "accepted" }> {
	const db = deps.infra.db;
	const { refreshToken } = input;
	const sessionIds = new Set([caller.actor.sessionId]);
	if (refreshToken !== undefined) {
		// System scope: the refresh token may belong to the same person's session in another school.
		const [row] = await withSystem(db, (transaction) =>
			db.query<{ sessionId: string }>(
				`SELECT rt.session_id AS "sessionId" FROM auth_refresh_tokens rt JOIN auth_sessions s ON s.id = rt.session_id
				 WHERE rt.token_hash = :hash AND s.user_id = :userId`,
				{ type: QueryTypes.SELECT, replacements: { hash: hashToken(refreshToken), userId: caller.actor.userId }, transaction },
			),
		);
		if (row !== undefined) sessionIds.add(row.sessionId);
	}
	for (const sessionId of sessionIds) {
		const revoked = await revokeSession(db, sessionId, "logout");
		if (revoked.length === 0) continue;
		await recordAudit(db, { action: "auth.logout", ...auditedBy(caller), targetType: "session", targetId: sessionId });
	}
	return { status: "accepted" };
}
