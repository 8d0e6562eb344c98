import type { ErrorCode } from "@toolboxai/shared";

/** The one table from error code to HTTP status. The OpenAPI document and the error middleware both read it. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
	bad_request: 400,
	malformed_json: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	method_not_allowed: 405,
	conflict: 409,
	payload_too_large: 413,
	uri_too_long: 414,
	unsupported_media_type: 415,
	// 422: the JSON parsed but does not match the operation's contract (400 is kept for syntax).
	validation_failed: 422,
	file_rejected: 422,
	open_cloud_key_rejected: 422,
	unknown_time_zone: 422,
	rate_limited: 429,
	// RFC 8628 §3.5: the token endpoint answers these pending/denied states with 400.
	authorization_pending: 400,
	slow_down: 400,
	expired_token: 400,
	access_denied: 400,
	// 402: what the school may do depends on its payment; 409: the seats bought are taken.
	billing_read_only: 402,
	subscription_ended: 402,
	seat_limit_reached: 409,
	internal: 500,
	upstream_failed: 502,
	unavailable: 503,
};

/** For errors raised by Express and its body parsers, which only carry a status: the code that status means. */
export function codeForStatus(status: number): ErrorCode {
	for (const [code, mapped] of Object.entries(ERROR_STATUS) as Array<[ErrorCode, number]>) {
		// malformed_json shares 400 with bad_request; a bare 400 is the general one.
		if (mapped === status && code !== "malformed_json") return code;
	}
	return status >= 500 ? "internal" : "bad_request";
}
