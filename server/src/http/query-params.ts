/**
 * Query-string parameters, read the same way by every route: a parameter given at most once, as text, within a
 * length; and the ?cursor= / ?limit= pair of paged lists. Anything else is 400 bad_request with plain words.
 */
import type { Request } from "express";
import { AppError } from "../errors/app-error";

/** A query parameter given at most once, as text (undefined when absent or empty). */
export function queryText(req: Request, name: string, maxLength = 200): string | undefined {
	const value = req.query[name];
	if (value === undefined || value === "") return undefined;
	if (typeof value !== "string") throw new AppError("bad_request", `Give ${name} once.`);
	if (value.length > maxLength) throw new AppError("bad_request", `${name} is longer than ${maxLength} characters.`);
	return value;
}

export interface PageQuery {
	readonly cursor?: string;
	readonly limit: number;
}

/** ?cursor= (the previous page's nextCursor) and ?limit= (1 to maxLimit, defaultLimit when absent). */
export function pageQuery(req: Request, limits: { readonly defaultLimit: number; readonly maxLimit: number }): PageQuery {
	const limit = queryText(req, "limit");
	if (limit !== undefined && (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > limits.maxLimit)) {
		throw new AppError("bad_request", `limit must be a whole number from 1 to ${limits.maxLimit}.`);
	}
	const cursor = queryText(req, "cursor", 512);
	return { ...(cursor === undefined ? {} : { cursor }), limit: limit === undefined ? limits.defaultLimit : Number(limit) };
}
