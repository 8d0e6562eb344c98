import type { LessonContent, ValidationIssue } from "@toolboxai/shared";
import { canonicalJson } from "./canonical-json";

/** Largest content we store (canonical JSON, UTF-8): keeps one version well inside a game server's memory and a DataStore entry's 4 MB. */
export const MAX_CONTENT_BYTES = 256 * 1024;
const MAX_ISSUES = 50;

/**
 * The rules the contract's shape cannot say: ids unique (steps in the lesson; choices and items in a question),
 * a right answer to every choice question (exactly one for single choice), no negative points or tolerance,
 * checkpoints that name a tag, and a size limit. Every problem is reported, each with the JSON Pointer of
 * what to fix (under `base`, the content's place in the request body).
 */
export function validateLessonContent(content: LessonContent, base = "/content"): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	const add = (path: string, code: string, message: string) => issues.push({ path, code, message });

	const firstStep = new Map<string, number>();
	content.steps.forEach((step, index) => {
		const at = `${base}/steps/${index}`;
		const seen = firstStep.get(step.id);
		if (seen === undefined) firstStep.set(step.id, index);
		else add(`${at}/id`, "duplicate_id", `step id "${step.id}" is already used by step ${seen}`);

		if (step.kind === "checkpoint" && step.target.trim() === "") add(`${at}/target`, "blank", "a checkpoint needs the tag of the part(s) to reach");
		if (step.kind !== "quiz") return;
		if (!(step.points >= 0)) add(`${at}/points`, "too_small", "points must be 0 or more");
		const question = step.question;
		const q = `${at}/question`;
		if (question.type === "numeric") {
			if (!(question.tolerance >= 0)) add(`${q}/tolerance`, "too_small", "tolerance must be 0 or more");
			return;
		}
		if (question.type === "ordering") {
			duplicateIds(question.items, `${q}/items`, "item", add);
			return;
		}
		duplicateIds(question.choices, `${q}/choices`, "choice", add);
		const correct = question.choices.filter((choice) => choice.correct).length;
		if (correct === 0) add(`${q}/choices`, "no_correct_answer", "mark at least one choice correct");
		else if (question.type === "single_choice" && correct > 1) add(`${q}/choices`, "too_many_correct", `a single-choice question has exactly one correct choice (${correct} are marked)`);
	});

	const bytes = Buffer.byteLength(canonicalJson(content), "utf8");
	if (bytes > MAX_CONTENT_BYTES) add(base, "too_large", `the content is ${bytes} bytes; the limit is ${MAX_CONTENT_BYTES}`);

	if (issues.length <= MAX_ISSUES) return issues;
	return [...issues.slice(0, MAX_ISSUES), { path: base, code: "too_many_issues", message: `${issues.length - MAX_ISSUES} more problems not listed` }];
}

function duplicateIds(entries: ReadonlyArray<{ id: string }>, at: string, what: string, add: (path: string, code: string, message: string) => void): void {
	const first = new Map<string, number>();
	entries.forEach((entry, index) => {
		const seen = first.get(entry.id);
		if (seen === undefined) first.set(entry.id, index);
		else add(`${at}/${index}/id`, "duplicate_id", `${what} id "${entry.id}" is already used by ${what} ${seen} of this question`);
	});
}
