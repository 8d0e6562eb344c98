import type { Request } from "express";
import { QueryTypes } from "sequelize";
import { withSystem } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import type { AuthDeps } from "./auth-services";
import type { Principal } from "./principal";
import { auditOrigin } from "./request-context";
import { revokeSession } from "./sessions/revoke-sessions";
import { hashToken } from "./tokens/opaque-token";

/**
 * Ends the session of the access token, and the session of the refresh token when one is given (a client
 * holding both from different sign-ins) — only if it is the same person's.
 */
export async function logout(deps: AuthDeps, principal: Extract<Principal, { kind: "user" }>, refreshToken: string | undefined, req: Request): Promise<{ status: "accepted" }> {
	const db = deps.infra.db;
	const sessionIds = new Set([principal.sessionId]);
	if (refreshToken !== undefined) {
		// System scope: the refresh token may belong to the same person's session in another school.
		const [row] = await withSystem(db, (transaction) =>
			db.query<{ sessionId: string }>(
				`SELECT rt.session_id AS "sessionId" FROM auth_refresh_tokens rt JOIN auth_sessions s ON s.id = rt.session_id
				 WHERE rt.token_hash = :hash AND s.user_id = :userId`,
				{ type: QueryTypes.SELECT, replacements: { hash: hashToken(refreshToken), userId: principal.userId }, transaction },
			),
		);
		if (row !== undefined) sessionIds.add(row.sessionId);
	}
	for (const sessionId of sessionIds) {
		const revoked = await revokeSession(db, sessionId, "logout");
		if (revoked.length === 0) continue;
		await recordAudit(db, { action: "auth.logout", tenantId: principal.tenantId, actorUserId: principal.userId, targetType: "session", targetId: sessionId, ...auditOrigin(req) });
	}
	return { status: "accepted" };
}
