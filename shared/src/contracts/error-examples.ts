import type { ErrorCode } from "./errors";

/** One error as the service sends it: the message a person reads, and details when the code carries some. */
export interface ErrorExample {
	readonly message: string;
	readonly details?: unknown;
}

/**
 * A real example of every error code, in the service's own words, for the API documentation. Each new code in
 * ERROR_CODES needs one here (the type says so). validation_failed's details are per operation: the OpenAPI
 * document replaces this one with the issue its own request body would raise.
 */
export const ERROR_EXAMPLES: Readonly<Record<ErrorCode, ErrorExample>> = {
	bad_request: { message: "status must be one of draft, published, archived." },
	validation_failed: {
		message: "The request body does not match this operation's contract.",
		details: { issues: [{ path: "/name", code: "required", message: "is required" }] },
	},
	malformed_json: { message: "The request body is not valid JSON.", details: { reason: "Unexpected token } in JSON at position 17" } },
	unsupported_media_type: { message: "This operation takes a JSON body (Content-Type: application/json); got text/plain." },
	payload_too_large: { message: "The request body is larger than the limit of 1048576 bytes.", details: { limitBytes: 1048576 } },
	uri_too_long: { message: "The request's address (path and query) is longer than 8192 characters; send large inputs in a request body." },
	unauthenticated: { message: "Sign in first: this operation needs a valid access token." },
	forbidden: { message: "Your role does not allow this." },
	not_found: { message: "No such class." },
	method_not_allowed: { message: "DELETE is not allowed on /v1/classes; use GET, POST.", details: { allow: ["GET", "POST"] } },
	conflict: { message: "That person is already a member of this school." },
	rate_limited: { message: "Too many failed sign-ins from this address. Try again in 43 seconds.", details: { retryAfterSeconds: 43 } },
	authorization_pending: { message: "Waiting for a teacher to approve this code on the ToolBoxAI dashboard." },
	slow_down: { message: "Polling too fast: wait 10 seconds between polls.", details: { interval: 10 } },
	expired_token: { message: "This sign-in code has expired or was already used. Start signing in again." },
	access_denied: { message: "A teacher denied this sign-in request." },
	file_rejected: { message: "The release declares this file as 48213 bytes; the body has 48000.", details: { expectedSize: 48213, actualSize: 48000 } },
	open_cloud_key_rejected: {
		message:
			"This Open Cloud API key has expired (2026-11-20T00:00:00Z): set a new expiration date in Creator Dashboard → API Keys (unused keys also expire after 60 days), then save it again. Nothing was saved.",
		details: {
			reason: "expired",
			issues: [
				{
					path: "/openCloudApiKey",
					code: "expired",
					message:
						"This Open Cloud API key has expired (2026-11-20T00:00:00Z): set a new expiration date in Creator Dashboard → API Keys (unused keys also expire after 60 days), then save it again.",
				},
			],
		},
	},
	upstream_failed: {
		message:
			"Could not check the key with Roblox (Roblox did not answer within 3 s), so nothing was saved. Try again in a minute, or save the environment without a key for now (its deploys are dry runs until a key is added).",
	},
	unavailable: { message: "The service is shutting down and takes no new work; try again shortly." },
	billing_read_only: {
		message: "Your school's subscription or trial has ended, so the school is read-only: nothing new can be created. A school admin can subscribe on the Billing page.",
		details: { standing: "canceled", readOnlySince: "2026-11-30T09:00:00.000Z" },
	},
	subscription_ended: { message: "Your school's subscription has ended.", details: { standing: "canceled" } },
	seat_limit_reached: {
		message: "Your school has used all 100 of its student seats, so no new student can join. Ask your teacher: a school admin can add seats.",
		details: { seatsUsed: 100, seatsBought: 100 },
	},
	unknown_time_zone: {
		message: "“Europe/Londres” is not a time zone this service knows: choose one such as Europe/London or America/Chicago.",
		details: { timeZone: "Europe/Londres" },
	},
	internal: { message: "Something went wrong on our side. Quote the request id when asking for support." },
};
