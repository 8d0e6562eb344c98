import type { Request } from "express";
import type { HttpMethod } from "./route";

/**
 * Replies that carry a secret: tokens, API key secrets, device codes, channel signatures, stream tickets, Stripe
 * session links, and the dev mail outbox (its mails hold sign-up and reset links). They are never compressed:
 * compressed beside text an attacker can put in the same reply (a name, a search), their length leaks the secret a
 * guess at a time (BREACH). Today the API authenticates by a bearer header, which a cross-site page cannot send, so
 * the attack's precondition holds only for the cookie routes; every secret reply is listed anyway, so a later
 * change of how a route authenticates cannot open it. A route that starts returning a secret is added here.
 */
export const SECRET_REPLIES: ReadonlyArray<{ readonly method: HttpMethod; readonly path: string }> = [
	{ method: "post", path: "/v1/auth/login" },
	{ method: "post", path: "/v1/auth/refresh" },
	{ method: "post", path: "/v1/auth/session" },
	{ method: "post", path: "/v1/auth/session/refresh" },
	{ method: "post", path: "/v1/auth/device/code" },
	{ method: "post", path: "/v1/auth/device/token" },
	{ method: "post", path: "/v1/signup/complete" },
	{ method: "post", path: "/v1/invitations/accept" },
	{ method: "post", path: "/v1/api-keys" },
	{ method: "post", path: "/v1/realtime/auth" },
	{ method: "post", path: "/v1/events/tickets" },
	{ method: "post", path: "/v1/billing/checkout" },
	{ method: "post", path: "/v1/billing/portal" },
	{ method: "get", path: "/v1/mail/outbox" },
];

const SECRET_KEYS = new Set(SECRET_REPLIES.map(({ method, path }) => `${method.toUpperCase()} ${path}`));

/** Whether the request's reply is one of the SECRET_REPLIES (a trailing slash or a query string does not hide it). */
export function repliesWithSecret(req: Request): boolean {
	const path = req.path.length > 1 && req.path.endsWith("/") ? req.path.slice(0, -1) : req.path;
	return SECRET_KEYS.has(`${req.method} ${path}`);
}
