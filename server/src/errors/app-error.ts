import type { ErrorCode } from "@toolboxai/shared";

/**
 * The one error type the service throws on purpose. `code` is stable (clients switch on it) and maps to
 * exactly one HTTP status in error-status.ts; `message` is plain words for a person; `details` is
 * machine-readable (e.g. validation issues). Never put SQL, stack traces or secrets in any of them.
 */
export class AppError extends Error {
	readonly code: ErrorCode;
	readonly details?: unknown;
	/** Extra response headers this error needs (e.g. Allow on 405, Retry-After on 429). */
	readonly headers?: Readonly<Record<string, string>>;

	constructor(code: ErrorCode, message: string, details?: unknown, headers?: Readonly<Record<string, string>>) {
		super(message);
		this.name = "AppError";
		this.code = code;
		if (details !== undefined) this.details = details;
		if (headers !== undefined) this.headers = headers;
	}
}

/** The one answer for an id the caller may not see: unknown, another school's, or not theirs all look alike. */
export function notFound(what: string): AppError {
	return new AppError("not_found", `No such ${what}.`);
}
