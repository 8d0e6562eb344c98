import type { LessonContent } from "@toolboxai/shared";

/**
 * The rules the contract alone cannot express, as the service applies them (server/src/modules/lessons/
 * validate-content.ts, same codes): step ids unique in the lesson, choice and item ids unique in their question,
 * at least one correct choice (exactly one for single_choice), checkpoints that name a tag. Points and tolerance
 * below 0 are already refused by the contract. All problems are reported, each with its JSON Pointer.
 */
export interface SemanticIssue {
	readonly path: string;
	readonly code: string;
	readonly message: string;
}

function duplicates(ids: ReadonlyArray<string>, path: (index: number) => string, what: string, into: Array<SemanticIssue>): void {
	const seen = new Set<string>();
	ids.forEach((id, i) => {
		if (seen.has(id)) into.push({ path: path(i), code: "duplicate_id", message: `another ${what} already has the id "${id}"` });
		seen.add(id);
	});
}

export function semanticIssues(content: LessonContent): Array<SemanticIssue> {
	const issues = new Array<SemanticIssue>();
	duplicates(content.steps.map((step) => step.id), (i) => `/steps/${i}/id`, "step", issues);
	content.steps.forEach((step, i) => {
		if (step.kind === "checkpoint" && step.target.match("^%s*$")[0] !== undefined) {
			issues.push({ path: `/steps/${i}/target`, code: "blank", message: "a checkpoint needs the tag of the part(s) to reach" });
		}
		if (step.kind !== "quiz") return;
		const question = step.question;
		const at = `/steps/${i}/question`;
		if (question.type === "ordering") {
			duplicates(question.items.map((item) => item.id), (j) => `${at}/items/${j}/id`, "item", issues);
			return;
		}
		if (question.type === "numeric") return;
		duplicates(question.choices.map((choice) => choice.id), (j) => `${at}/choices/${j}/id`, "choice", issues);
		const correct = question.choices.filter((choice) => choice.correct).size();
		if (correct === 0) {
			issues.push({ path: `${at}/choices`, code: "no_correct_answer", message: "mark at least one choice correct" });
		} else if (question.type === "single_choice" && correct > 1) {
			issues.push({ path: `${at}/choices`, code: "too_many_correct", message: `a single choice question has exactly one correct choice, not ${correct}` });
		}
	});
	return issues;
}
