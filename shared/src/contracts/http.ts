import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/** One problem the service found in a request body (the shared validator's Issue, as sent on the wire). */
export const ValidationIssue = s.object(
	{
		path: s.string({ maxLength: 1000, description: 'JSON Pointer (RFC 6901) into the request body; "" is the body itself.' }),
		code: s.string({ minLength: 1, maxLength: 64, description: "What is wrong: required, invalid_type, too_long, unknown_key, ..." }),
		message: s.string({ maxLength: 1000, description: "Plain words for a person." }),
	},
	{
		description: "One problem with a request body.",
		example: { path: "/events/0/robloxUserId", code: "too_small", message: "must be at least 1" },
	},
);
export type ValidationIssue = Infer<typeof ValidationIssue>;

/** `error.details` of a validation_failed error: every issue found (up to 50, then one too_many_issues). */
export const ValidationErrorDetails = s.object(
	{ issues: s.array(ValidationIssue, { minItems: 1, maxItems: 51 }) },
	{
		description: "The details of a validation_failed error.",
		example: { issues: [{ path: "/batchId", code: "invalid_format", message: "must be a valid uuid" }] },
	},
);
export type ValidationErrorDetails = Infer<typeof ValidationErrorDetails>;
