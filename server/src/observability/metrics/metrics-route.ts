import type { RequestHandler } from "express";
import { AppError } from "../../errors/app-error";
import { METRICS_PATH, scrape } from "./exposure";

/**
 * GET /metrics on the main port, only when METRICS_TOKEN is set and only for a request bearing it: the main port is
 * usually public, so without a token there is no route at all (a 404 like any unknown path).
 */
export function metricsRoute(token: string): RequestHandler {
	return (req, res, next) => {
		if (req.path !== METRICS_PATH || (req.method !== "GET" && req.method !== "HEAD")) {
			next();
			return;
		}
		scrape(req.headers.authorization, token).then((result) => {
			if (result.status === 401) {
				res.setHeader("WWW-Authenticate", "Bearer");
				next(new AppError("unauthenticated", "The metrics need the bearer token set in METRICS_TOKEN."));
				return;
			}
			res.setHeader("Cache-Control", "no-store");
			res.type(result.contentType).send(result.body);
		}, next);
	};
}
