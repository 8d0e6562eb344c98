import { Accepted, BrowserSession, BrowserSessionRequest, SessionList, SessionsEnded } from "@toolboxai/shared";
import type { Request, Response } from "express";
import type { AppDependencies } from "../../../http/app-module";
import { originOf, pathId, userCallerOf } from "../../../http/request-context";
import { type AnyRouteDefinition, defineRoute } from "../../../http/route";
import { browserLabel } from "../sessions/browser-label";
import { type BrowserRefresh, endBrowserSession, refreshBrowserSession } from "../sessions/browser-session";
import { endAllMySessions, endSession } from "../sessions/end-sessions";
import { listMySessions, listSchoolStudioSessions } from "../sessions/list-sessions";
import { AppError } from "../../../errors/app-error";
import { clearRefreshCookie, readRefreshCookie, REFRESH_COOKIE, REFRESH_COOKIE_PATH, requireSameOrigin, setRefreshCookie } from "./refresh-cookie";

const COOKIE_NOTE = `The refresh token travels in the \`${REFRESH_COOKIE}\` cookie (httpOnly, SameSite=Strict, Path=${REFRESH_COOKIE_PATH}, Secure on https). Only the dashboard's own pages may call it: a request without this service's Origin answers 403.`;

/** The dashboard's cookie transport, and the sessions people can list and end. */
export function sessionRoutes(deps: AppDependencies): AnyRouteDefinition[] {
	const answer = (res: Response, refreshed: BrowserRefresh): BrowserSession => {
		setRefreshCookie(res, deps.config, refreshed.refreshToken, refreshed.expiresAt);
		return refreshed.session;
	};
	const refreshFromCookie = async (req: Request, res: Response, refreshToken: string | undefined, logger: AppDependencies["logger"]) => {
		if (refreshToken === undefined) throw new AppError("unauthenticated", "This browser has no dashboard session: sign in.", { reason: "none" });
		try {
			return answer(res, await refreshBrowserSession({ ...deps, logger }, { refreshToken, origin: originOf(req), userAgentLabel: browserLabel(req.headers["user-agent"]) }));
		} catch (error) {
			// A refused token is forgotten by the browser too; a failure on our side keeps it for the next try.
			if (error instanceof AppError && error.code === "unauthenticated") clearRefreshCookie(res, deps.config);
			throw error;
		}
	};
	return [
		defineRoute({
			method: "post",
			path: "/v1/auth/session",
			operationId: "startBrowserSession",
			summary: "Move a new session's refresh token into the dashboard's cookie",
			description: `For the dashboard, right after signing in, finishing a sign-up or accepting an invitation: the refresh token from that answer is rotated at once and its successor is set as a cookie; the answer holds only an access token. ${COOKIE_NOTE}`,
			tags: ["auth"],
			access: { kind: "public" },
			request: { body: BrowserSessionRequest, example: { refreshToken: "rt_3q2-7wz" } },
			response: { status: 200, body: BrowserSession, description: "An access token; the refresh token is in the cookie." },
			errors: ["unauthenticated", "forbidden"],
			handle: async ({ req, res, body, logger }) => {
				requireSameOrigin(req, deps.config);
				return refreshFromCookie(req, res, body.refreshToken, logger);
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/auth/session/refresh",
			operationId: "refreshBrowserSession",
			summary: "A new access token for the dashboard, from its cookie",
			description: `Rotates the cookie's refresh token (tabs refreshing at once get the same successor within the 30-second reuse interval). A refusal's \`details.reason\` says why the session ended (logout, admin, password_reset, refresh_reuse, expired, unknown, none) and clears the cookie. ${COOKIE_NOTE}`,
			tags: ["auth"],
			access: { kind: "public" },
			response: { status: 200, body: BrowserSession, description: "An access token; the rotated refresh token is in the cookie." },
			errors: ["unauthenticated", "forbidden"],
			handle: async ({ req, res, logger }) => {
				requireSameOrigin(req, deps.config);
				return refreshFromCookie(req, res, readRefreshCookie(req), logger);
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/auth/session/end",
			operationId: "endBrowserSession",
			summary: "Sign the dashboard out: end the cookie's session and clear the cookie",
			description: `Answers 200 whether or not the browser had a session. ${COOKIE_NOTE}`,
			tags: ["auth"],
			access: { kind: "public" },
			response: { status: 200, body: Accepted, description: "The session has ended and the cookie is cleared." },
			errors: ["forbidden"],
			handle: async ({ req, res }) => {
				requireSameOrigin(req, deps.config);
				const refreshToken = readRefreshCookie(req);
				clearRefreshCookie(res, deps.config);
				if (refreshToken !== undefined) await endBrowserSession(deps, { refreshToken, origin: originOf(req) });
				return { status: "accepted" as const };
			},
		}),
		defineRoute({
			method: "get",
			path: "/v1/sessions",
			operationId: "listMySessions",
			summary: "Your active sessions in this school: browsers, Studio and API clients",
			description: "Most recently used first; `current` marks the session making the request.",
			tags: ["auth"],
			access: { kind: "user" },
			response: { status: 200, body: SessionList, description: "Your active sessions." },
			errors: ["unauthenticated"],
			handle: ({ req }) => listMySessions(deps, userCallerOf(req)),
		}),
		defineRoute({
			method: "get",
			path: "/v1/sessions/studio",
			operationId: "listSchoolStudioSessions",
			summary: "Every active Studio session in the school, for its admins",
			description: "Studio keeps its token in plugin settings on the computer: admins can see and end the ones left signed in (a lab machine, a departed teacher).",
			tags: ["auth"],
			access: { kind: "user", permission: "members:manage" },
			response: { status: 200, body: SessionList, description: "The school's active Studio sessions." },
			errors: ["unauthenticated", "forbidden"],
			handle: ({ req }) => listSchoolStudioSessions(deps, userCallerOf(req)),
		}),
		defineRoute({
			method: "delete",
			path: "/v1/sessions/:sessionId",
			operationId: "endSession",
			summary: "End one session",
			description:
				"Any of your own sessions, or (school admins) any Studio session in the school. Its refresh token stops working and its access tokens are refused at once. Another person's browser session or another school's session: 404.",
			tags: ["auth"],
			access: { kind: "user" },
			response: { status: 200, body: SessionsEnded, description: "The session has ended." },
			errors: ["unauthenticated", "not_found"],
			handle: ({ req, params }) => endSession(deps, userCallerOf(req), { sessionId: pathId(params.sessionId, "session") }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/sessions/end-all",
			operationId: "endAllMySessions",
			summary: "Sign out everywhere",
			description: "Ends every one of your sessions, in every school: browsers, Studio and API clients, this one included.",
			tags: ["auth"],
			access: { kind: "user" },
			response: { status: 200, body: SessionsEnded, description: "How many sessions ended." },
			errors: ["unauthenticated"],
			handle: ({ req }) => endAllMySessions(deps, userCallerOf(req)),
		}),
	];
}
