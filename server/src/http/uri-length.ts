import type { RequestHandler } from "express";
import { AppError } from "../errors/app-error";

/**
 * The longest request target (path and query) the service reads. Large inputs belong in a body; 8 KiB is what
 * common proxies pass, and it stays under Node's 16 KiB header limit, past which the HTTP parser itself refuses
 * the request (http/client-error.ts answers that with the same 414 when it is the request line that overflowed).
 */
export const MAX_URI_LENGTH = 8192;

export function uriTooLong(): AppError {
	return new AppError("uri_too_long", `The request's address (path and query) is longer than ${MAX_URI_LENGTH} characters; send large inputs in a request body.`);
}

/** 414 uri_too_long before anything reads the query string. */
export function rejectLongUris(): RequestHandler {
	return (req, _res, next) => {
		if (req.originalUrl.length > MAX_URI_LENGTH) throw uriTooLong();
		next();
	};
}
