import type { Request } from "express";
import { AppError } from "../../http/app-error";
import type { Principal } from "../auth/principal";

export type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** The signed-in person behind a `user` route. Authentication has run by then; this only narrows the type. */
export function userPrincipal(req: Request): UserPrincipal {
	const principal = req.principal;
	if (principal?.kind !== "user") throw new AppError("unauthenticated", "Sign in first.");
	return principal;
}

/** What the audit log keeps about the request itself: no user agent, no body. */
export function requestTrace(req: Request): { ip?: string; requestId?: string } {
	const requestId = typeof req.id === "string" ? req.id : undefined;
	return { ...(req.ip === undefined ? {} : { ip: req.ip }), ...(requestId === undefined ? {} : { requestId }) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a uuid names nothing we have: the same 404 as an unknown or foreign id. */
export function pathId(value: string | undefined, what: string): string {
	if (value === undefined || !UUID.test(value)) throw notFound(what);
	return value.toLowerCase();
}

export function notFound(what: string): AppError {
	return new AppError("not_found", `No such ${what}.`);
}
