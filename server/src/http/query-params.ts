/**
 * Query-string parameters, read the same way by every route: a parameter given at most once, as text, within a
 * length; and the ?cursor= / ?limit= pair of paged lists. Anything else is 400 bad_request with plain words.
 */
import type { Request, RequestHandler } from "express";
import { AppError } from "../errors/app-error";
import type { QueryParameter } from "./route";

/** The longest ?cursor= a paged list reads (cursors are opaque and short; this only bounds the work). */
const CURSOR_MAX_LENGTH = 512;

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
	const cursor = queryText(req, "cursor", CURSOR_MAX_LENGTH);
	return { ...(cursor === undefined ? {} : { cursor }), limit: limit === undefined ? limits.defaultLimit : Number(limit) };
}

/** The ?limit= / ?cursor= pair as the OpenAPI document states it: what pageQuery reads, with the same limits. */
export function pageQueryParameters(limits: { readonly defaultLimit: number; readonly maxLimit: number }): QueryParameter[] {
	return [
		{
			name: "limit",
			description: `How many items a page holds, 1 to ${limits.maxLimit} (default ${limits.defaultLimit}).`,
			schema: { type: "integer", minimum: 1, maximum: limits.maxLimit },
		},
		{
			name: "cursor",
			description: "The previous page's nextCursor, as it was given; absent for the first page. Any other text is 400 bad_request.",
			schema: { type: "string", maxLength: CURSOR_MAX_LENGTH },
		},
	];
}

/** Refuses a request that lacks a required query parameter (absent or empty, as queryText reads it) with one plain 400. */
export function requireQueryParameters(parameters: ReadonlyArray<QueryParameter>): RequestHandler | undefined {
	const required = parameters.filter((parameter) => parameter.required === true).map((parameter) => parameter.name);
	if (required.length === 0) return undefined;
	return (req, _res, next) => {
		const missing = required.filter((name) => req.query[name] === undefined || req.query[name] === "");
		if (missing.length > 0) throw new AppError("bad_request", `Give ${missing.map((name) => `?${name}=`).join(" and ")} in the query string.`, { missing });
		next();
	};
}
