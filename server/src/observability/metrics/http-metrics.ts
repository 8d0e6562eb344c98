import type { Request, RequestHandler, Response } from "express";
import { counter, histogram, METRIC_PREFIX, secondsSince } from "./registry";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const requests = counter(`${METRIC_PREFIX}http_requests_total`, "HTTP requests answered, by route template, method and status.", ["route", "method", "status"]);
const errors = counter(`${METRIC_PREFIX}http_errors_total`, "HTTP requests answered with an error body, by route template, method and error code.", ["route", "method", "code"]);
const duration = histogram(`${METRIC_PREFIX}http_request_duration_seconds`, "Time from the request's arrival to the last byte of its answer.", ["route", "method"]);

/**
 * The route's template as Express matched it (`/v1/classes/:classId`), never the path a client sent: label values
 * stay bounded. Requests no route matched (404s, static dashboard files) share one value.
 */
export function routeTemplateOf(req: Request): string {
	const path: unknown = req.route?.path;
	return typeof path === "string" ? `${req.baseUrl}${path}` : "unmatched";
}

/** Written by the error middleware so the RED metrics count errors by their stable code. */
export function noteErrorCode(res: Response, code: string): void {
	res.locals.errorCode = code;
}

/** Counts and times every request once its answer is finished (or the client went away). Mount first. */
export function httpMetrics(): RequestHandler {
	return (req, res, next) => {
		const started = performance.now();
		let recorded = false;
		const record = () => {
			if (recorded) return;
			recorded = true;
			const route = routeTemplateOf(req);
			const method = METHODS.has(req.method) ? req.method : "OTHER";
			requests.inc({ route, method, status: String(res.statusCode) });
			duration.observe({ route, method }, secondsSince(started));
			const code: unknown = res.locals.errorCode;
			if (typeof code === "string") errors.inc({ route, method, code });
		};
		res.once("finish", record);
		res.once("close", record);
		next();
	};
}
