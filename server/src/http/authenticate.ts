import type { RequestHandler, Request } from "express";
import type { Sequelize } from "sequelize";
import { AppError } from "./app-error";
import { authServices, type AuthDeps } from "../modules/auth/auth-services";
import { rolesAllow } from "../modules/auth/permissions";
import type { Access, Principal } from "../modules/auth/principal";
import { findActiveSession } from "../modules/auth/sessions/find-active-session";
import { InvalidAccessToken, verifyAccessToken } from "../modules/auth/tokens/verify-access-token";

export type ApiKeyPrincipal = Extract<Principal, { kind: "api_key" }>;
/** The tenancy module's key check (hash lookup, revocation, last-used). */
export type ApiKeyAuthenticator = (db: Sequelize, secret: string) => Promise<ApiKeyPrincipal | undefined>;

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

/**
 * Establishes who is calling for a route that is not public and checks the route's access: a user's access
 * token (signature, claims, live session) and the permission of their roles, or a game server's API key and
 * its scope. No or bad credentials → 401 with a Bearer challenge; valid but not allowed → 403.
 */
export async function authenticateRequest(deps: AuthDeps, req: Request, access: Exclude<Access, { kind: "public" }>, options: AuthenticateOptions = {}): Promise<Principal> {
	const credential = bearerOf(req);
	if (credential === undefined) throw unauthenticated();
	if (access.kind === "api_key" || (access.kind === "user_or_api_key" && credential.startsWith(API_KEY_PREFIX))) {
		const principal = credential.startsWith(API_KEY_PREFIX) && options.authenticateApiKey !== undefined ? await options.authenticateApiKey(deps.infra.db, credential) : undefined;
		if (principal === undefined) throw unauthenticated("This operation needs a valid API key (Authorization: Bearer tbx_… or X-Api-Key).");
		if (!principal.scopes.includes(access.scope)) throw new AppError("forbidden", `This API key lacks the ${access.scope} scope.`);
		return principal;
	}
	const principal = await userPrincipal(deps, credential, req);
	if (access.permission !== undefined && !rolesAllow(principal.roles, access.permission)) {
		throw new AppError("forbidden", "Your role does not allow this.");
	}
	return principal;
}

async function userPrincipal(deps: AuthDeps, token: string, req: Request): Promise<Extract<Principal, { kind: "user" }>> {
	let claims;
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
	return { kind: "user", userId: claims.userId, tenantId: claims.tenantId, roles: claims.roles, sessionId: claims.sessionId };
}

/** Express middleware for one route's access; sets `req.principal`. */
export function authenticate(deps: AuthDeps, access: Exclude<Access, { kind: "public" }>, options: AuthenticateOptions = {}): RequestHandler {
	return async (req, _res, next) => {
		try {
			req.principal = await authenticateRequest(deps, req, access, options);
			next();
		} catch (error) {
			next(error);
		}
	};
}
