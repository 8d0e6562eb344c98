import { AppError } from "../errors/app-error";
import { codeForStatus } from "../errors/error-status";

/** What Express, body-parser and http-errors attach to the errors they raise for bad requests. */
interface HttpishError {
	status?: unknown;
	statusCode?: unknown;
	expose?: unknown;
	type?: unknown;
	limit?: unknown;
	encoding?: unknown;
	charset?: unknown;
	name?: unknown;
	message?: unknown;
}

const INTERNAL_MESSAGE = "Something went wrong on our side. Quote the request id when asking for support.";

/**
 * Turns anything thrown into an AppError a client may see. Unknown errors become `internal` with a fixed
 * message: their text may hold SQL, paths or secrets, so it goes to the log only (error-middleware.ts).
 */
export function toAppError(error: unknown): AppError {
	if (error instanceof AppError) return error;
	if (typeof error !== "object" || error === null) return new AppError("internal", INTERNAL_MESSAGE);
	const e = error as HttpishError;
	const status = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : undefined;
	if (status !== undefined && status >= 400 && status < 500) return clientError(e, status);
	if (typeof e.name === "string" && isDatabaseUnavailable(e.name)) {
		return new AppError("unavailable", "The database is not answering right now; try again shortly.");
	}
	return new AppError("internal", INTERNAL_MESSAGE);
}

function clientError(e: HttpishError, status: number): AppError {
	switch (e.type) {
		case "entity.too.large":
			return new AppError("payload_too_large", `The request body is larger than the limit of ${String(e.limit)} bytes.`, { limitBytes: e.limit });
		case "encoding.unsupported":
			return new AppError("unsupported_media_type", `Content-Encoding "${String(e.encoding).slice(0, 100)}" is not supported; send identity, gzip, deflate or br.`);
		case "charset.unsupported":
			return new AppError("unsupported_media_type", `Charset "${String(e.charset).slice(0, 100)}" is not supported; send UTF-8.`);
		case "request.aborted":
			return new AppError("bad_request", "The request was aborted before its body arrived.");
		case "request.size.invalid":
			return new AppError("bad_request", "The request body did not match its Content-Length.");
	}
	// http-errors marks client errors whose message is safe to show with `expose`.
	const message = e.expose === true && typeof e.message === "string" ? e.message : "The request could not be understood.";
	return new AppError(codeForStatus(status), message);
}

/** Sequelize's connection errors: the database is down or the pool is exhausted, not a bug in the request. */
function isDatabaseUnavailable(name: string): boolean {
	return name.startsWith("SequelizeConnection") || name === "SequelizeHostNotFoundError" || name === "SequelizeHostNotReachableError";
}
