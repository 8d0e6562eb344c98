export { MAX_SAFE_INTEGER, s } from "./schema/build";
export { dateTimeMillis, matchesFormat } from "./schema/formats";
export type { ControlRule, StringFormat, TextHost, ValueHost, ValueKind } from "./schema/host";
export { parseWith } from "./schema/parse";
export type * from "./schema/types";
export * from "./contracts";
export { checkLessonRulesWith, limitIssues, MAX_LESSON_ISSUES } from "./lessons/content-rules";
export type { LessonRuleCode, LessonRuleHost, LessonRuleIssue } from "./lessons/content-rules";
export * from "./version";
