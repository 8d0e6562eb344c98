import { parse, serialize } from "cookie";
import type { Request, Response } from "express";
import type { Config } from "../../../config/config";
import { AppError } from "../../../errors/app-error";

/**
 * The dashboard's refresh token lives in this cookie: httpOnly (script cannot read it), SameSite=Strict (no other
 * site's page can make the browser send it), Secure when the service is reached over https, and scoped to the
 * session routes' path, so no other request carries it.
 */
export const REFRESH_COOKIE = "toolboxai_refresh";
export const REFRESH_COOKIE_PATH = "/v1/auth/session";

function attributes(config: Config) {
	return { httpOnly: true, sameSite: "strict" as const, secure: new URL(config.publicUrl).protocol === "https:", path: REFRESH_COOKIE_PATH };
}

export function setRefreshCookie(res: Response, config: Config, refreshToken: string, expiresAt: Date): void {
	const maxAge = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
	res.append("Set-Cookie", serialize(REFRESH_COOKIE, refreshToken, { ...attributes(config), maxAge }));
}

export function clearRefreshCookie(res: Response, config: Config): void {
	res.append("Set-Cookie", serialize(REFRESH_COOKIE, "", { ...attributes(config), maxAge: 0, expires: new Date(0) }));
}

export function readRefreshCookie(req: Request): string | undefined {
	const header = req.headers.cookie;
	if (header === undefined) return undefined;
	const value = parse(header)[REFRESH_COOKIE];
	return value === undefined || value === "" ? undefined : value;
}

/**
 * CSRF defence for the cookie routes, on top of SameSite=Strict: the request must come from a page of this
 * service. Browsers send Origin on every POST; it must be the public URL's origin or the address the request was
 * made to, and Fetch Metadata, when sent, must say same-origin. Clients that send no Origin (scripts, the plugin)
 * use the body routes with bearer tokens instead.
 */
export function requireSameOrigin(req: Request, config: Config): void {
	const origin = req.headers.origin;
	const site = req.headers["sec-fetch-site"];
	const allowed = origin !== undefined && (origin === new URL(config.publicUrl).origin || originHost(origin) === req.headers.host);
	if (!allowed || (site !== undefined && site !== "same-origin")) {
		throw new AppError("forbidden", "This route only answers the ToolBoxAI dashboard's own pages (the request's Origin is missing or another site's).");
	}
}

function originHost(origin: string): string | undefined {
	try {
		return new URL(origin).host;
	} catch {
		return undefined;
	}
}
