import { Accepted, LoginRequest, LogoutRequest, Me, PasswordResetConfirm, PasswordResetRequest, RefreshRequest, TokenResponse } from "@toolboxai/shared";
import type { AppDependencies, AppModule } from "../../http/app-module";
import { originOf, userCallerOf } from "../../http/request-context";
import { defineRoute, type AnyRouteDefinition } from "../../http/route";
import { authServices } from "./auth-services";
import { getJwks, Jwks } from "./get-jwks";
import { getMe } from "./get-me";
import { sessionRoutes } from "./http/session-routes";
import { login } from "./login";
import { logout } from "./logout";
import { confirmPasswordReset } from "./password-reset/confirm-password-reset";
import { requestPasswordReset } from "./password-reset/request-password-reset";
import { refreshSession } from "./sessions/refresh-session";

export const authModule: AppModule = {
	name: "auth",
	routes: (deps) => {
		warmUpSigningKeys(deps);
		return authRoutes(deps);
	},
};

/**
 * Loads (or, on a new database, creates) the signing keys at start, so the first sign-in does not pay for it
 * and a bad master key shows in the log right away. Failures are logged; requests retry on their own.
 */
function warmUpSigningKeys(deps: AppDependencies): void {
	authServices(deps)
		.keys.signingKey()
		.catch((error: unknown) => deps.logger.error({ err: error }, "signing keys could not be loaded at start"));
}

function authRoutes(deps: AppDependencies): AnyRouteDefinition[] {
	return [
		defineRoute({
			method: "get",
			path: "/.well-known/jwks.json",
			operationId: "getJwks",
			summary: "Public keys that verify access tokens",
			description:
				"The current and previous signing keys (Ed25519). Tokens name their key with `kid`; after a rotation both keys are listed until tokens of the old one have expired.",
			tags: ["auth"],
			access: { kind: "public" },
			response: { status: 200, body: Jwks, description: "The JSON Web Key Set." },
			errors: [],
			handle: async ({ res }) => {
				// Short: a rotation reaches verifiers within minutes; tokens of the old key keep verifying meanwhile.
				res.setHeader("Cache-Control", "public, max-age=300");
				return getJwks(deps);
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/auth/login",
			operationId: "login",
			summary: "Sign in with email and password",
			description:
				"Wrong email and wrong password give the same 401. Every attempt is counted before its password is checked and given back when it was right. " +
				"Limits (429 with Retry-After): 5 failures for one account from one address in an hour refuse that pair for 15 minutes; 100 failures from one address in an hour refuse the address; " +
				"past 50 failures for one account in an hour from anywhere, addresses that have been failing on it are refused while others are still heard. " +
				"A lock mails the owner a reset link; a school admin can lift it (unlockMember). " +
				"Someone in several schools gets a 409 listing them (details.tenants) and signs in again with tenantId.",
			tags: ["auth"],
			access: { kind: "public" },
			request: { body: LoginRequest, example: { email: "admin@maplegrove.example", password: "correct horse battery staple" } },
			response: { status: 200, body: TokenResponse, description: "Tokens for the new session." },
			errors: ["unauthenticated", "forbidden", "conflict", "rate_limited"],
			handle: ({ body, req }) => login(deps, { ...body, origin: originOf(req) }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/auth/refresh",
			operationId: "refreshSession",
			summary: "Trade a refresh token for new tokens",
			description:
				"The refresh token is rotated: use the new one next time. The same token presented again within 30 seconds (the reuse interval: two windows refreshing at once, a lost reply) answers the same new pair; later, presenting a spent refresh token ends the whole session. A refusal's `details.reason` says why the session ended (logout, admin, password_reset, refresh_reuse, expired, unknown).",
			tags: ["auth"],
			access: { kind: "public" },
			request: { body: RefreshRequest, example: { refreshToken: "rt_3q2-7wz" } },
			response: { status: 200, body: TokenResponse, description: "New tokens for the same session." },
			errors: ["unauthenticated"],
			handle: ({ body, req, logger }) => refreshSession({ ...deps, logger }, { refreshToken: body.refreshToken, origin: originOf(req) }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/auth/logout",
			operationId: "logout",
			summary: "Sign out (end the session)",
			tags: ["auth"],
			access: { kind: "user" },
			request: { body: LogoutRequest, example: {} },
			response: { status: 200, body: Accepted, description: "The session has ended." },
			errors: [],
			handle: ({ body, req }) => logout(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/me",
			operationId: "getMe",
			summary: "The signed-in person, their school and roles",
			tags: ["auth"],
			access: { kind: "user" },
			response: { status: 200, body: Me, description: "Who is signed in." },
			errors: [],
			handle: ({ req }) => getMe(deps, userCallerOf(req)),
		}),
		defineRoute({
			method: "post",
			path: "/v1/auth/password-reset",
			operationId: "requestPasswordReset",
			summary: "Email a password reset link",
			description: "Always 202, whether or not the address has an account. The link is valid for one hour, once.",
			tags: ["auth"],
			access: { kind: "public" },
			request: { body: PasswordResetRequest, example: { email: "teacher@maplegrove.example" } },
			response: { status: 202, body: Accepted, description: "If the address has an account, a link is on its way." },
			errors: [],
			handle: ({ body, logger }) => requestPasswordReset({ ...deps, logger }, { email: body.email }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/auth/password-reset/confirm",
			operationId: "confirmPasswordReset",
			summary: "Set a new password with a reset token",
			description: "Spends the token and signs the person out everywhere (every session is revoked).",
			tags: ["auth"],
			access: { kind: "public" },
			request: { body: PasswordResetConfirm, example: { token: "prt_Zm9vYmFy", password: "a brand new passphrase" } },
			response: { status: 200, body: Accepted, description: "The password is changed." },
			errors: ["unauthenticated"],
			handle: ({ body, req }) => confirmPasswordReset(deps, { token: body.token, password: body.password, origin: originOf(req) }),
		}),
		...sessionRoutes(deps),
	];
}
