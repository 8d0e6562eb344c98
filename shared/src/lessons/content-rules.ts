import type { LessonContent } from "../contracts/lessons";
import type { ValueHost } from "../schema/host";

/**
 * The rules the LessonContent contract's shape cannot say, in one place for the service and the plugin:
 * ids unique (steps in the lesson; choices and items in their question), a right answer to every choice
 * question (exactly one for single choice), no negative points or tolerance, checkpoints that name a tag.
 * Input is content the shared validator already accepted. Written in the subset both tsc and rbxtsc compile
 * (see schema/parse.ts); the one runtime-specific need, reading characters, goes through `host.asciiCodes`.
 * The service's size limit is not here: it needs canonical JSON bytes, which only Node computes.
 */
export type LessonRuleCode = "duplicate_id" | "blank" | "too_small" | "no_correct_answer" | "too_many_correct" | "too_many_issues";

/** Same shape as the shared validator's Issue: `path` is a JSON Pointer under `base`. */
export interface LessonRuleIssue {
	readonly path: string;
	readonly code: LessonRuleCode;
	readonly message: string;
}

/** What the rules need from a runtime (nodeHost and luauHost both provide it). */
export type LessonRuleHost = Pick<ValueHost, "asciiCodes">;

/** The service lists at most this many problems, then one too_many_issues. */
export const MAX_LESSON_ISSUES = 50;

/**
 * Every broken rule, in step order; within a step: its id, its target, its points, then its question
 * (tolerance, item or choice ids in order, then the choice count). Same content, same list, on both runtimes.
 */
export function checkLessonRulesWith(host: LessonRuleHost, content: LessonContent, base = ""): Array<LessonRuleIssue> {
	const issues = new Array<LessonRuleIssue>();
	const firstStep = new Map<string, number>();
	let index = 0;
	for (const step of content.steps) {
		const at = `${base}/steps/${index}`;
		const seen = firstStep.get(step.id);
		if (seen === undefined) firstStep.set(step.id, index);
		else issues.push({ path: `${at}/id`, code: "duplicate_id", message: `step id "${step.id}" is already used by step ${seen}` });
		index += 1;

		if (step.kind === "checkpoint" && isBlank(host, step.target)) {
			issues.push({ path: `${at}/target`, code: "blank", message: "a checkpoint needs the tag of the part(s) to reach" });
		}
		if (step.kind !== "quiz") continue;
		// The contract refuses these already; kept so content built in code (not parsed) is held to the same rule.
		// `!(x >= 0)` also catches NaN, in JS and Luau alike.
		if (!(step.points >= 0)) issues.push({ path: `${at}/points`, code: "too_small", message: "points must be 0 or more" });
		const question = step.question;
		const q = `${at}/question`;
		if (question.type === "numeric") {
			if (!(question.tolerance >= 0)) issues.push({ path: `${q}/tolerance`, code: "too_small", message: "tolerance must be 0 or more" });
			continue;
		}
		if (question.type === "ordering") {
			duplicateIds(question.items, `${q}/items`, "item", issues);
			continue;
		}
		duplicateIds(question.choices, `${q}/choices`, "choice", issues);
		let correct = 0;
		for (const choice of question.choices) if (choice.correct) correct += 1;
		if (correct === 0) issues.push({ path: `${q}/choices`, code: "no_correct_answer", message: "mark at least one choice correct" });
		else if (question.type === "single_choice" && correct > 1) {
			issues.push({
				path: `${q}/choices`,
				code: "too_many_correct",
				message: `a single-choice question has exactly one correct choice (${correct} are marked)`,
			});
		}
	}
	return issues;
}

/**
 * The first `max` issues, then one too_many_issues at `path` saying how many more there were: the cap the service
 * applies to everything it reports (rules plus its own size limit), so the plugin can list exactly the same.
 */
export function limitIssues<I extends { readonly path: string; readonly code: string; readonly message: string }>(
	issues: ReadonlyArray<I>,
	max: number,
	path: string,
): Array<I | LessonRuleIssue> {
	const out = new Array<I | LessonRuleIssue>();
	let total = 0;
	for (const issue of issues) {
		if (total < max) out.push(issue);
		total += 1;
	}
	if (total > max) out.push({ path, code: "too_many_issues", message: `${total - max} more problems not listed` });
	return out;
}

function duplicateIds(entries: ReadonlyArray<{ readonly id: string }>, at: string, what: string, into: Array<LessonRuleIssue>): void {
	const first = new Map<string, number>();
	let index = 0;
	for (const entry of entries) {
		const seen = first.get(entry.id);
		if (seen === undefined) first.set(entry.id, index);
		else into.push({ path: `${at}/${index}/id`, code: "duplicate_id", message: `${what} id "${entry.id}" is already used by ${what} ${seen} of this question` });
		index += 1;
	}
}

/**
 * Only ASCII whitespace (tab, LF, VT, FF, CR, space): what Lua's %s and JS's trim agree on, so "blank" cannot
 * differ between the runtimes. Text with any non-ASCII character is not blank.
 */
function isBlank(host: LessonRuleHost, text: string): boolean {
	const codes = host.asciiCodes(text);
	if (codes === undefined) return false;
	for (const c of codes) if (c !== 32 && !(c >= 9 && c <= 13)) return false;
	return true;
}
