import type { LessonContent } from "../contracts/lessons";
import { PROTOCOL_VERSION } from "../contracts/meta";
import { checkLessonRulesWith, type LessonRuleIssue } from "../lessons/content-rules";
import { dateTimeMillis, matchesFormat } from "../schema/formats";
import type { StringFormat } from "../schema/host";
import { parseWith } from "../schema/parse";
import type { AnySchema, Infer, ParseOptions, ParseResult } from "../schema/types";
import { checkProtocolWith, type VersionCheck } from "../version";
import { nodeHost } from "./host";

export { compareCodePoints, nodeHost } from "./host";
export { toJsonSchema } from "./json-schema";
export { parseJsonLikeRoblox, robloxReviver } from "./json";

/** Validate and normalise a decoded value on Node. */
export function parse<S extends AnySchema>(schema: S, value: unknown, options?: ParseOptions): ParseResult<Infer<S>> {
	return parseWith<Infer<S>>(nodeHost, schema, value, options);
}

export function checkProtocol(serverVersion: string, clientVersion: string = PROTOCOL_VERSION): VersionCheck {
	return checkProtocolWith(nodeHost, serverVersion, clientVersion);
}

/** The lesson content rules the contract's shape cannot say (lessons/content-rules.ts), for content `parse` accepted. */
export function checkLessonRules(content: LessonContent, base = ""): Array<LessonRuleIssue> {
	return checkLessonRulesWith(nodeHost, content, base);
}

/** Whether a text has one of the contracts' string formats (uuid, date-time, semver, sha256, email), by the same rule the contracts apply. */
export function hasFormat(text: string, format: StringFormat): boolean {
	return matchesFormat(nodeHost.asciiCodes(text), format);
}

/** A UUID in any letter case, as the contracts accept it. */
export function isUuid(text: string): boolean {
	return hasFormat(text, "uuid");
}

/**
 * The instant of an RFC 3339 date-time in milliseconds since 1970, read by the contracts' own rule (any offset,
 * lower-case t and z, a leap second as the next second), or undefined when the text is not one. Use it instead of
 * Date.parse, which refuses a leap second, and to hand Postgres an instant its offset limit (±15:59) cannot refuse.
 */
export function dateTimeMillisOf(text: string): number | undefined {
	return dateTimeMillis(nodeHost.asciiCodes(text));
}
export { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, apiKeyActor, auditSentence, isAuditAction } from "./audit-sentences";
export type { AuditAction, AuditNames } from "./audit-sentences";
