import type { Role, TokenResponse } from "@toolboxai/shared";
import type { Logger } from "pino";
import { QueryTypes } from "sequelize";
import { auditOrigin, type Origin } from "../../../access/caller";
import { withSystem } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { recordAudit } from "../../audit";
import { listMembershipsOfUser } from "../memberships/list-memberships";
import { authServices, type AuthDeps } from "../auth-services";
import { signAccessToken } from "../tokens/sign-access-token";
import { hashToken } from "../tokens/opaque-token";
import { ACCESS_TOKEN_TTL_SECONDS } from "../tokens/token-settings";
import { insertRefreshToken } from "./insert-refresh-token";
import { revokeSession } from "./revoke-sessions";

interface TokenRow {
	readonly id: string;
	readonly sessionId: string;
	readonly userId: string;
	readonly tenantId: string;
	readonly rotatedAt: Date | null;
	readonly usable: boolean;
}

type Outcome = { kind: "ok"; tokens: TokenResponse } | { kind: "refused" } | { kind: "reuse"; row: TokenRow };

export interface RefreshSessionInput {
	readonly refreshToken: string;
	readonly origin: Origin;
}

const REFUSED = "This refresh token is not valid any more: sign in again.";

/**
 * Trades a refresh token for a new access token and a new refresh token (rotation). The old one is spent;
 * presenting a spent one again means it was copied, so the whole session (family) is revoked. Roles are
 * read afresh, so a changed role reaches the session at its next refresh.
 */
export async function refreshSession(deps: AuthDeps & { readonly logger: Logger }, input: RefreshSessionInput): Promise<TokenResponse> {
	const db = deps.infra.db;
	// System scope: the refresh token is how we learn the session's tenant.
	const outcome = await withSystem(db, async (transaction): Promise<Outcome> => {
		const [row] = await db.query<TokenRow>(
			`SELECT rt.id, rt.session_id AS "sessionId", s.user_id AS "userId", s.tenant_id AS "tenantId", rt.rotated_at AS "rotatedAt",
			        (s.revoked_at IS NULL AND s.expires_at > now() AND rt.expires_at > now() AND u.status = 'active') AS usable
			 FROM auth_refresh_tokens rt JOIN auth_sessions s ON s.id = rt.session_id JOIN users u ON u.id = s.user_id
			 WHERE rt.token_hash = :hash FOR UPDATE OF rt, s`,
			{ type: QueryTypes.SELECT, replacements: { hash: hashToken(input.refreshToken) }, transaction },
		);
		if (row === undefined) return { kind: "refused" };
		if (row.rotatedAt !== null) {
			await revokeSession(db, row.sessionId, "refresh_reuse", transaction);
			return { kind: "reuse", row };
		}
		if (!row.usable) return { kind: "refused" };
		const membership = (await listMembershipsOfUser(db, row.userId, { transaction })).find((m) => m.tenant.id === row.tenantId);
		if (membership === undefined) {
			await revokeSession(db, row.sessionId, "admin", transaction);
			return { kind: "refused" };
		}
		await db.query("UPDATE auth_refresh_tokens SET rotated_at = now() WHERE id = :id", { replacements: { id: row.id }, transaction });
		await db.query("UPDATE auth_sessions SET last_used_at = now(), roles = ARRAY[:roles]::text[] WHERE id = :id", {
			replacements: { id: row.sessionId, roles: membership.roles },
			transaction,
		});
		const newRefreshToken = await insertRefreshToken(db, row.sessionId, transaction);
		const accessToken = await signAccessToken(authServices(deps).keys, deps.config.publicUrl, {
			userId: row.userId,
			tenantId: row.tenantId,
			roles: membership.roles as Role[],
			sessionId: row.sessionId,
		});
		return { kind: "ok", tokens: { accessToken, refreshToken: newRefreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, tokenType: "Bearer" } };
	});
	if (outcome.kind === "ok") return outcome.tokens;
	if (outcome.kind === "reuse") {
		deps.logger.warn({ sessionId: outcome.row.sessionId }, "refresh token reused: session revoked");
		await recordAudit(db, {
			action: "auth.refresh_reuse",
			tenantId: outcome.row.tenantId,
			targetType: "session",
			targetId: outcome.row.sessionId,
			actorUserId: outcome.row.userId,
			...auditOrigin(input.origin),
		});
	}
	throw new AppError("unauthenticated", REFUSED);
}
