import type { RequestHandler, Request } from "express";
import type { Sequelize } from "sequelize";
import { AppError } from "../../../errors/app-error";
import { authServices, type AuthDeps } from "../auth-services";
import { rolesAllow } from "../../../access/permissions";
import type { Access } from "../../../access/access";
import type { ApiKeyActor, Caller, UserActor } from "../../../access/caller";
import { originOf } from "../../../http/request-context";
import { findActiveSession } from "../sessions/find-active-session";
import type { AccessTokenClaims } from "../tokens/sign-access-token";
import { InvalidAccessToken, verifyAccessToken } from "../tokens/verify-access-token";

/** The apikeys module's key check (hash lookup, revocation, last-used), given to authentication by app.ts. */
export type ApiKeyAuthenticator = (db: Sequelize, secret: string, gameServerId?: string) => Promise<{ readonly tenantId: string; readonly actor: ApiKeyActor } | undefined>;

export interface AuthenticateOptions {
	readonly authenticateApiKey?: ApiKeyAuthenticator;
}

const API_KEY_PREFIX = "tbx_";
const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="toolboxai"' };

function unauthenticated(message = "Sign in first: this operation needs a valid access token."): AppError {
	return new AppError("unauthenticated", message, undefined, CHALLENGE);
}

/** The credential the request carries: `Authorization: Bearer …` or, for game servers, `X-Api-Key`. */
function bearerOf(req: Request): string | undefined {
	const header = req.get("authorization");
	if (header !== undefined) {
		const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
		return match?.[1];
	}
	return req.get("x-api-key")?.trim() || undefined;
}

/** Names the Roblox game server (its `game.JobId`, a GUID) so a key's requests are limited per server. */
export const GAME_SERVER_HEADER = "X-Roblox-Job-Id";
const GAME_SERVER_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The game server a request names, if any (empty = none: Studio's JobId is empty). Anything else than a JobId's
 * characters is refused rather than ignored, so a broken client learns why instead of sharing the key-wide budget.
 */
function gameServerOf(req: Request): string | undefined {
	const value = req.get(GAME_SERVER_HEADER)?.trim();
	if (value === undefined || value === "") return undefined;
	if (!GAME_SERVER_ID.test(value)) throw new AppError("bad_request", `${GAME_SERVER_HEADER} must be the game server's JobId: 1–64 letters, digits or hyphens.`);
	return value;
}

/**
 * Establishes who is calling for a route that is not public and checks the route's access: a user's access
 * token (signature, claims, live session) and the permission of their roles, or a game server's API key and
 * its scope. No or bad credentials → 401 with a Bearer challenge; valid but not allowed → 403.
 */
export async function authenticateRequest(deps: AuthDeps, req: Request, access: Exclude<Access, { kind: "public" }>, options: AuthenticateOptions = {}): Promise<Caller> {
	const credential = bearerOf(req);
	if (credential === undefined) throw unauthenticated();
	if (access.kind === "api_key" || (access.kind === "user_or_api_key" && credential.startsWith(API_KEY_PREFIX))) {
		const identity =
			credential.startsWith(API_KEY_PREFIX) && options.authenticateApiKey !== undefined
				? await options.authenticateApiKey(deps.infra.db, credential, gameServerOf(req))
				: undefined;
		if (identity === undefined) throw unauthenticated("This operation needs a valid API key (Authorization: Bearer tbx_… or X-Api-Key).");
		if (access.scope !== "any" && !identity.actor.scopes.includes(access.scope)) throw new AppError("forbidden", `This API key lacks the ${access.scope} scope.`);
		return { tenantId: identity.tenantId, actor: identity.actor, origin: originOf(req) };
	}
	const { tenantId, actor } = await userOfToken(deps, credential, req);
	if (access.permission !== undefined && !rolesAllow(actor.roles, access.permission)) {
		throw new AppError("forbidden", "Your role does not allow this.");
	}
	return { tenantId, actor, origin: originOf(req) };
}

async function userOfToken(deps: AuthDeps, token: string, req: Request): Promise<{ tenantId: string; actor: UserActor }> {
	let claims: AccessTokenClaims;
	try {
		claims = await verifyAccessToken(authServices(deps).keys, deps.config.publicUrl, token);
	} catch (error) {
		if (!(error instanceof InvalidAccessToken)) throw error;
		req.log?.info({ reason: error.reason }, "access token refused");
		throw unauthenticated("The access token is invalid or has expired: refresh it or sign in again.");
	}
	const session = await findActiveSession(deps.infra.db, claims.sessionId);
	if (session === undefined || session.userId !== claims.userId || session.tenantId !== claims.tenantId) {
		req.log?.info({ sessionId: claims.sessionId }, "access token of an ended session");
		throw unauthenticated("This session has ended: sign in again.");
	}
	return { tenantId: claims.tenantId, actor: { kind: "user", userId: claims.userId, roles: claims.roles, sessionId: claims.sessionId } };
}

/** Express middleware for one route's access; sets `req.caller`, once per request. */
export function authenticate(deps: AuthDeps, access: Exclude<Access, { kind: "public" }>, options: AuthenticateOptions = {}): RequestHandler {
	return async (req, _res, next) => {
		try {
			req.caller = await authenticateRequest(deps, req, access, options);
			next();
		} catch (error) {
			next(error);
		}
	};
}
