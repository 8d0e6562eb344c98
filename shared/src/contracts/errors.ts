import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/** Stable error codes. Clients switch on these; the service maps each to one HTTP status (server/src/http/errors.ts). */
export const ERROR_CODES = [
	"bad_request",
	"validation_failed",
	"malformed_json",
	"unsupported_media_type",
	"payload_too_large",
	// The request's address (path and query) is longer than the service reads (414).
	"uri_too_long",
	"unauthenticated",
	"forbidden",
	"not_found",
	"method_not_allowed",
	"conflict",
	"rate_limited",
	// RFC 8628 device sign-in: what a polling plugin is told until a teacher decides.
	"authorization_pending",
	"slow_down",
	"expired_token",
	"access_denied",
	// Deployments: a file that is not what it claims (magic bytes, size, hash), a key Open Cloud refuses, and
	// Roblox refusing or failing a call the service made for the caller.
	"file_rejected",
	"open_cloud_key_rejected",
	"upstream_failed",
	"unavailable",
	// Billing: the school is read-only (its subscription or trial ended), a join would pass the seats bought, and the
	// game is told the school's subscription has ended (after the students' grace period).
	"billing_read_only",
	"seat_limit_reached",
	"subscription_ended",
	// A school setting names a time zone the service's time zone database does not know.
	"unknown_time_zone",
	"internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorCodeSchema = s.enumOf(ERROR_CODES);

export const ErrorResponse = s.object(
	{
		error: s.object({
			code: ErrorCodeSchema,
			message: s.string({ maxLength: 1000, description: "Plain words for a person; never a stack trace." }),
			details: s.optional(s.unknown({ description: "Machine-readable detail, e.g. validation issues with paths." })),
			requestId: s.string({ maxLength: 128, description: "Quote this when asking for support." }),
		}),
	},
	{
		description: "The one error shape every endpoint answers with.",
		example: {
			error: { code: "not_found", message: "No route for GET /v1/nope", requestId: "3f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" },
		},
	},
);
export type ErrorResponse = Infer<typeof ErrorResponse>;
