import type { ErrorRequestHandler, Response } from "express";
import type { ErrorResponse } from "@toolboxai/shared";
import { ERROR_STATUS } from "../errors/error-status";
import { toAppError } from "./to-app-error";
import type { AppError } from "../errors/app-error";
import { noteErrorCode } from "../observability/metrics";

const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Writes an AppError as the one error body shape, with the request id clients quote to support. */
export function sendError(res: Response, error: AppError): void {
	const body: ErrorResponse = {
		// The contract caps messages at 1000 characters; a message built from client input must not break it.
		error: { code: error.code, message: error.message.slice(0, 1000), requestId: String(res.req.id) },
	};
	if (error.details !== undefined) body.error.details = error.details;
	if (error.headers !== undefined) res.set(error.headers);
	const status = ERROR_STATUS[error.code];
	// Every 429 says when to come back; limiters give the exact wait, anything else the same minute.
	if (status === 429 && !res.hasHeader("Retry-After")) res.set("Retry-After", String(DEFAULT_RETRY_AFTER_SECONDS));
	res.set("Cache-Control", "no-store");
	noteErrorCode(res, error.code);
	res.status(status).json(body);
}

/**
 * The one error middleware, mounted last. The original error (with stack, SQL, cause) goes to the request's
 * log line via `res.err`; the client only ever gets the AppError's code, message and details.
 */
export function errorMiddleware(): ErrorRequestHandler {
	return (error, req, res, next) => {
		if (res.headersSent) {
			// Too late for a clean reply: let Express end the connection, and keep the cause in the log.
			req.log.error({ err: error }, "error after the response had started");
			next(error);
			return;
		}
		const appError = toAppError(error);
		if (ERROR_STATUS[appError.code] >= 500) res.err = error instanceof Error ? error : new Error(String(error));
		sendError(res, appError);
	};
}
