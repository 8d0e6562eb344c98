import { limitIssues, MAX_LESSON_ISSUES, type LessonContent, type ValidationIssue } from "@toolboxai/shared";
import { checkLessonRules } from "@toolboxai/shared/node";
import { canonicalJson } from "./canonical-json";

/** Largest content we store (canonical JSON, UTF-8): keeps one version well inside a game server's memory and a DataStore entry's 4 MB. */
export const MAX_CONTENT_BYTES = 256 * 1024;

/**
 * The shared lesson rules (shared/src/lessons/content-rules.ts, the same code the plugin runs before an upload)
 * plus what only the service checks: the size limit, which needs canonical JSON bytes. Every problem is reported,
 * each with the JSON Pointer of what to fix (under `base`, the content's place in the request body), capped at 50.
 */
export function validateLessonContent(content: LessonContent, base = "/content"): ValidationIssue[] {
	const issues: ValidationIssue[] = checkLessonRules(content, base);
	const bytes = Buffer.byteLength(canonicalJson(content), "utf8");
	if (bytes > MAX_CONTENT_BYTES) issues.push({ path: base, code: "too_large", message: `the content is ${bytes} bytes; the limit is ${MAX_CONTENT_BYTES}` });
	return limitIssues(issues, MAX_LESSON_ISSUES, base);
}
