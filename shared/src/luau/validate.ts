import type { LessonContent } from "../contracts/lessons";
import { PROTOCOL_VERSION } from "../contracts/meta";
import { checkLessonRulesWith, type LessonRuleIssue } from "../lessons/content-rules";
import { parseWith } from "../schema/parse";
import type { AnySchema, Infer, ParseOptions, ParseResult } from "../schema/types";
import { checkProtocolWith, type VersionCheck } from "../version";
import { luauHost } from "./host";

/** Validate and normalise a decoded value in Luau (plugin and game). */
export function parse<S extends AnySchema>(schema: S, value: unknown, options?: ParseOptions): ParseResult<Infer<S>> {
	return parseWith<Infer<S>>(luauHost, schema, value, options);
}

export function checkProtocol(serverVersion: string, clientVersion: string = PROTOCOL_VERSION): VersionCheck {
	return checkProtocolWith(luauHost, serverVersion, clientVersion);
}

/** The lesson content rules the contract's shape cannot say (lessons/content-rules.ts), for content `parse` accepted. */
export function checkLessonRules(content: LessonContent, base = ""): Array<LessonRuleIssue> {
	return checkLessonRulesWith(luauHost, content, base);
}
