import type { BrowserSession } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import { auditOrigin, type Origin } from "../../../access/caller";
import { withSystem } from "../../../db/tenant-scope";
import { recordAudit } from "../../audit";
import type { AuthDeps } from "../auth-services";
import { hashToken } from "../tokens/opaque-token";
import { clientLabel } from "./session-client";
import { type RefreshDeps, refreshSessionOf } from "./refresh-session";
import { revokeSession } from "./revoke-sessions";

export interface BrowserRefresh {
	/** For the answer's body. */
	readonly session: BrowserSession;
	/** For the cookie, never the body. */
	readonly refreshToken: string;
	readonly expiresAt: Date;
}

/**
 * The dashboard's refresh: the same rotation (and reuse interval) as every client, after which the session is
 * marked as a browser's, with a label its owner recognises. A Studio session presented here stays a Studio one.
 */
export async function refreshBrowserSession(
	deps: RefreshDeps,
	input: { readonly refreshToken: string; readonly origin: Origin; readonly userAgentLabel?: string },
): Promise<BrowserRefresh> {
	const { tokens, sessionId } = await refreshSessionOf(deps, input);
	const db = deps.infra.db;
	const [row] = await withSystem(db, (transaction) =>
		db.query<{ expiresAt: Date }>(
			`UPDATE auth_sessions SET client = CASE WHEN client = 'studio' THEN client ELSE 'browser' END,
			        client_label = CASE WHEN client = 'studio' THEN client_label ELSE :label END
			 WHERE id = :sessionId RETURNING expires_at AS "expiresAt"`,
			{ type: QueryTypes.SELECT, replacements: { sessionId, label: clientLabel(input.userAgentLabel) }, transaction },
		),
	);
	return {
		session: { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, tokenType: "Bearer" },
		refreshToken: tokens.refreshToken,
		expiresAt: new Date((row as { expiresAt: Date }).expiresAt),
	};
}

/** Signing out of the dashboard: the cookie's session ends. An unknown or spent token changes nothing. */
export async function endBrowserSession(deps: AuthDeps, input: { readonly refreshToken: string; readonly origin: Origin }): Promise<void> {
	const db = deps.infra.db;
	const [row] = await withSystem(db, (transaction) =>
		db.query<{ sessionId: string; userId: string; tenantId: string }>(
			`SELECT s.id AS "sessionId", s.user_id AS "userId", s.tenant_id AS "tenantId"
			 FROM auth_refresh_tokens rt JOIN auth_sessions s ON s.id = rt.session_id WHERE rt.token_hash = :hash`,
			{ type: QueryTypes.SELECT, replacements: { hash: hashToken(input.refreshToken) }, transaction },
		),
	);
	if (row === undefined) return;
	const revoked = await revokeSession(db, row.sessionId, "logout");
	if (revoked.length === 0) return;
	await recordAudit(db, { action: "auth.logout", tenantId: row.tenantId, actorUserId: row.userId, targetType: "session", targetId: row.sessionId, ...auditOrigin(input.origin) });
}
