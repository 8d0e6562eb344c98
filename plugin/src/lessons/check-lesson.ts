import { LessonContent, limitIssues, MAX_LESSON_ISSUES } from "@toolboxai/shared";
import { checkLessonRules, parse } from "@toolboxai/shared/out/luau";
import { ATTRIBUTE_OF, type Tags } from "./convention";
import { readLessonTree } from "./read-lesson";

/**
 * Local validation before an upload: the shared contract and the shared lesson rules (shared/src/lessons/
 * content-rules.ts), the same code the service runs, compiled to Luau, with every problem tied back to the
 * instance it came from, so the panel can list "Lesson.q1.a (Correct): ..." and select that instance on click.
 */
export interface LessonProblem {
	/** JSON Pointer into the content, as the service would report it. */
	readonly path: string;
	readonly code: string;
	readonly message: string;
	/** The instance to select: the deepest one the path passes through (the lesson folder at worst). */
	readonly instance: Instance;
	/** The attribute to fix on that instance, when the path names one. */
	readonly attribute?: string;
	/** One line for the panel: "<full name> (<attribute>): <message>". */
	readonly text: string;
}

export type CheckResult = { readonly ok: true; readonly content: LessonContent } | { readonly ok: false; readonly problems: Array<LessonProblem> };

/** The instance a path came from and the attribute it names: the longest prefix of `path` found in `sources`. */
export function locate(sources: Map<string, Instance>, path: string): { instance: Instance; attribute?: string } {
	let prefix = path;
	let rest = "";
	for (;;) {
		const instance = sources.get(prefix);
		if (instance !== undefined) {
			// "/points" or "/question/answer": the last segment names the attribute (array positions do not).
			const [last] = rest.match("([^/]+)$");
			const attribute = typeIs(last, "string") ? ATTRIBUTE_OF[last] : undefined;
			return { instance, attribute };
		}
		const [cut] = prefix.match("^(.*)/[^/]*$");
		// No shorter prefix: the lesson folder, which read-lesson.ts always puts in `sources` under "".
		if (!typeIs(cut, "string")) return { instance: sources.get("") as Instance, attribute: undefined };
		rest = prefix.sub(cut.size() + 1) + rest;
		prefix = cut;
	}
}

/** Ties problems reported against content read from `sources` (by the local check or by the service) to instances. */
export function problemsAt(sources: Map<string, Instance>, issues: ReadonlyArray<{ path: string; code: string; message: string }>): Array<LessonProblem> {
	return issues.map((issue) => {
		const { instance, attribute } = locate(sources, issue.path);
		const where = attribute === undefined ? instance.GetFullName() : `${instance.GetFullName()} (${attribute})`;
		return { path: issue.path, code: issue.code, message: issue.message, instance, attribute, text: `${where}: ${issue.message}` };
	});
}

/** Reads the lesson in `folder` and checks it like the service will. */
export function checkLesson(tags: Tags, folder: Instance): CheckResult & { readonly sources: Map<string, Instance> } {
	const { content, sources } = readLessonTree(tags, folder);
	const parsed = parse(LessonContent, content);
	if (!parsed.ok) return { ok: false, problems: problemsAt(sources, parsed.issues), sources };
	// Capped like the service caps its reply, so the panel lists what an upload would be refused for.
	const semantic = limitIssues(checkLessonRules(parsed.value), MAX_LESSON_ISSUES, "");
	if (semantic.size() > 0) return { ok: false, problems: problemsAt(sources, semantic), sources };
	return { ok: true, content: parsed.value, sources };
}
