import { isUuid } from "@toolboxai/shared/node";
import type { Request } from "express";
import { type ApiKeyCaller, type Caller, isApiKeyCaller, isUserCaller, type Origin, type UserCaller } from "../access/caller";
import { AppError, notFound } from "../errors/app-error";

declare module "express-serve-static-core" {
	interface Request {
		/** Set once by authentication for routes whose access is not public; read it with callerOf(req). */
		caller?: Caller;
	}
}

/** Where the request came from: the client address (Express's view, trust proxy applies) and the request id. */
export function originOf(req: Request): Origin {
	const requestId = typeof req.id === "string" ? req.id : undefined;
	return { ...(req.ip === undefined ? {} : { ip: req.ip }), ...(requestId === undefined ? {} : { requestId }) };
}

/** Who is calling a non-public route. Authentication has set it by then; a missing one is a mounting mistake. */
export function callerOf(req: Request): Caller {
	if (req.caller === undefined) throw new AppError("unauthenticated", "Sign in first.");
	return req.caller;
}

/** The signed-in person behind a `user` route (the route's access already refused anything else). */
export function userCallerOf(req: Request): UserCaller {
	const caller = callerOf(req);
	if (!isUserCaller(caller)) throw new AppError("unauthenticated", "Sign in first.");
	return caller;
}

/** The game server or CI key behind an `api_key` route. */
export function apiKeyCallerOf(req: Request): ApiKeyCaller {
	const caller = callerOf(req);
	if (!isApiKeyCaller(caller)) throw new AppError("unauthenticated", "This operation needs an API key.");
	return caller;
}

/** A path id that is not a uuid names nothing we have: the same 404 as an unknown or foreign id. */
export function pathId(value: string | undefined, what: string): string {
	if (value === undefined || !isUuid(value)) throw notFound(what);
	return value.toLowerCase();
}
