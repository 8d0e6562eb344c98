import type { Role, TokenResponse } from "@toolboxai/shared";
import type { Logger } from "pino";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { auditOrigin, type Origin } from "../../../access/caller";
import { open, seal } from "../../../crypto/secret-box";
import { withSystem } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { recordAudit } from "../../audit";
import { authServices, type AuthDeps } from "../auth-services";
import { listMembershipsOfUser } from "../memberships/list-memberships";
import { hashToken } from "../tokens/opaque-token";
import { signAccessToken } from "../tokens/sign-access-token";
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_REUSE_INTERVAL_SECONDS } from "../tokens/token-settings";
import { type Clock, systemClock } from "./clock";
import { insertRefreshToken } from "./insert-refresh-token";
import { revokeSession } from "./revoke-sessions";

interface TokenRow {
	readonly id: string;
	readonly sessionId: string;
	readonly userId: string;
	readonly tenantId: string;
	readonly rotatedAt: Date | null;
	readonly successorSealed: string | null;
	readonly revokedReason: string | null;
	readonly expired: boolean;
	readonly userActive: boolean;
}

/** Why a refresh token no longer works, for the "you were signed out because…" message. */
export type EndedReason = "logout" | "refresh_reuse" | "password_reset" | "admin" | "expired" | "unknown";

type Outcome = { kind: "ok"; tokens: TokenResponse; sessionId: string } | { kind: "refused"; reason: EndedReason } | { kind: "reuse"; row: TokenRow };

/** The pair handed out at a rotation, kept sealed for the reuse interval. */
interface SealedSuccessor {
	readonly accessToken: string;
	readonly refreshToken: string;
	readonly issuedAt: number;
}

const SUCCESSOR_PURPOSE = "refresh-successor";

export interface RefreshSessionInput {
	readonly refreshToken: string;
	readonly origin: Origin;
}

export interface RefreshDeps extends AuthDeps {
	readonly logger: Logger;
	readonly clock?: Clock;
}

export interface RefreshedSession {
	readonly tokens: TokenResponse;
	readonly sessionId: string;
}

const REFUSED = "This refresh token is not valid any more: sign in again.";

/**
 * Trades a refresh token for a new access token and a new refresh token (rotation). Presenting a rotated token
 * again within the reuse interval answers the same successor pair (tabs and Studio windows refreshing at once, or
 * a lost reply); later it means the token was copied, so the whole session (family) is revoked. Roles are read
 * afresh, so a changed role reaches the session at its next refresh; a Studio session's lifetime slides.
 * A refusal's `details.reason` says why the session ended.
 */
export async function refreshSession(deps: RefreshDeps, input: RefreshSessionInput): Promise<TokenResponse> {
	return (await refreshSessionOf(deps, input)).tokens;
}

/** refreshSession, also naming the session (the cookie transport marks it as a browser's). */
export async function refreshSessionOf(deps: RefreshDeps, input: RefreshSessionInput): Promise<RefreshedSession> {
	const db = deps.infra.db;
	const now = (deps.clock ?? systemClock).now();
	// System scope: the refresh token is how we learn the session's tenant.
	const outcome = await withSystem(db, async (transaction): Promise<Outcome> => {
		const [row] = await db.query<TokenRow>(
			`SELECT rt.id, rt.session_id AS "sessionId", s.user_id AS "userId", s.tenant_id AS "tenantId", rt.rotated_at AS "rotatedAt",
			        rt.successor_sealed AS "successorSealed", s.revoked_reason AS "revokedReason",
			        (s.expires_at <= :now OR rt.expires_at <= :now) AS expired, (u.status = 'active') AS "userActive"
			 FROM auth_refresh_tokens rt JOIN auth_sessions s ON s.id = rt.session_id JOIN users u ON u.id = s.user_id
			 WHERE rt.token_hash = :hash FOR UPDATE OF rt, s`,
			{ type: QueryTypes.SELECT, replacements: { hash: hashToken(input.refreshToken), now }, transaction },
		);
		if (row === undefined) return { kind: "refused", reason: "unknown" };
		const ended = endedReason(row);
		if (row.rotatedAt !== null) {
			if (ended !== undefined) return { kind: "refused", reason: ended };
			const again = withinReuseInterval(deps, row, now);
			if (again !== undefined) return { kind: "ok", tokens: again, sessionId: row.sessionId };
			await revokeSession(db, row.sessionId, "refresh_reuse", transaction);
			return { kind: "reuse", row };
		}
		if (ended !== undefined) return { kind: "refused", reason: ended };
		return rotate(deps, row, now, transaction);
	});
	if (outcome.kind === "ok") return { tokens: outcome.tokens, sessionId: outcome.sessionId };
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
	throw new AppError("unauthenticated", REFUSED, { reason: outcome.kind === "reuse" ? "refresh_reuse" : outcome.reason });
}

function endedReason(row: TokenRow): EndedReason | undefined {
	if (row.revokedReason !== null) return row.revokedReason as EndedReason;
	if (!row.userActive) return "admin";
	if (row.expired) return "expired";
	return undefined;
}

/** The successor pair of a token rotated less than the reuse interval ago; undefined once the window has passed. */
function withinReuseInterval(deps: AuthDeps, row: TokenRow, now: Date): TokenResponse | undefined {
	if (row.successorSealed === null || row.rotatedAt === null) return undefined;
	const elapsedMs = now.getTime() - new Date(row.rotatedAt).getTime();
	if (elapsedMs > REFRESH_REUSE_INTERVAL_SECONDS * 1000) return undefined;
	let successor: SealedSuccessor;
	try {
		successor = JSON.parse(open(authServices(deps).master, row.successorSealed, SUCCESSOR_PURPOSE)) as SealedSuccessor;
	} catch {
		// Sealed under a master key we no longer hold: treat it as reuse, which signs the holder in again.
		return undefined;
	}
	const age = Math.floor((now.getTime() - successor.issuedAt) / 1000);
	return {
		accessToken: successor.accessToken,
		refreshToken: successor.refreshToken,
		expiresIn: Math.max(1, ACCESS_TOKEN_TTL_SECONDS - age),
		tokenType: "Bearer",
	};
}

async function rotate(deps: AuthDeps, row: TokenRow, now: Date, transaction: Transaction): Promise<Outcome> {
	const db = deps.infra.db;
	const membership = (await listMembershipsOfUser(db, row.userId, { transaction })).find((m) => m.tenant.id === row.tenantId);
	if (membership === undefined) {
		await revokeSession(db, row.sessionId, "admin", transaction);
		return { kind: "refused", reason: "admin" };
	}
	// A sliding session (Studio) moves its end to idle_seconds after this use, never past its maximum.
	await db.query(
		`UPDATE auth_sessions SET last_used_at = :now, roles = ARRAY[:roles]::text[],
		        expires_at = CASE WHEN idle_seconds IS NULL THEN expires_at
		                          ELSE LEAST(:now::timestamptz + make_interval(secs => idle_seconds), created_at + make_interval(secs => max_seconds)) END
		 WHERE id = :id`,
		{ replacements: { id: row.sessionId, roles: membership.roles, now }, transaction },
	);
	const refreshToken = await insertRefreshToken(db, row.sessionId, transaction);
	const accessToken = await signAccessToken(authServices(deps).keys, deps.config.publicUrl, {
		userId: row.userId,
		tenantId: row.tenantId,
		roles: membership.roles as Role[],
		sessionId: row.sessionId,
	});
	const successor: SealedSuccessor = { accessToken, refreshToken, issuedAt: now.getTime() };
	await db.query("UPDATE auth_refresh_tokens SET rotated_at = :now, successor_sealed = :sealed WHERE id = :id", {
		replacements: { id: row.id, now, sealed: seal(authServices(deps).master, JSON.stringify(successor), SUCCESSOR_PURPOSE) },
		transaction,
	});
	await forgetOldSuccessors(db, row.sessionId, now, transaction);
	return { kind: "ok", tokens: { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, tokenType: "Bearer" }, sessionId: row.sessionId };
}

/** Successor pairs are only needed for the reuse interval: older ones of the session are wiped as it rotates. */
async function forgetOldSuccessors(db: Sequelize, sessionId: string, now: Date, transaction: Transaction): Promise<void> {
	await db.query(
		`UPDATE auth_refresh_tokens SET successor_sealed = NULL
		 WHERE session_id = :sessionId AND successor_sealed IS NOT NULL AND rotated_at < :now::timestamptz - make_interval(secs => :interval)`,
		{ replacements: { sessionId, now, interval: REFRESH_REUSE_INTERVAL_SECONDS }, transaction },
	);
}
