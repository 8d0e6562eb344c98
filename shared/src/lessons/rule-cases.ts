import type { LessonContent } from "../contracts/lessons";
import type { LessonRuleCode } from "./content-rules";

/**
 * Cases for the lesson rules that both runtimes run (server/src/modules/lessons/content-rules.test.ts on Node,
 * plugin/src/lessons/content-rules.spec.ts in Luau): each content is valid for the contract, and `issues` is the
 * exact list, in order, that `limitIssues(checkLessonRules(content), MAX_LESSON_ISSUES, "")` must give. Contract
 * vectors cannot hold these: they check one contract's shape, and these contents all pass it.
 */
export interface LessonRuleCase {
	readonly name: string;
	readonly content: LessonContent;
	readonly issues: ReadonlyArray<{ readonly path: string; readonly code: LessonRuleCode }>;
}

function lesson(steps: LessonContent["steps"]): LessonContent {
	return { schemaVersion: 1, title: "Rules", steps };
}

function choices(...correct: Array<boolean>) {
	const out = new Array<{ id: string; text: string; correct: boolean }>();
	let index = 0;
	for (const right of correct) {
		out.push({ id: `c${index}`, text: `choice ${index}`, correct: right });
		index += 1;
	}
	return out;
}

/** `count` instruction steps that all share one id: count - 1 duplicates. */
function sameIds(count: number): LessonContent["steps"] {
	const steps = new Array<LessonContent["steps"][number]>();
	for (let i = 0; i < count; i++) steps.push({ kind: "instruction", id: "same", text: "t" });
	return steps;
}

/** The issues sameIds(count) gives once capped at 50. */
function sameIdIssues(count: number): LessonRuleCase["issues"] {
	const out = new Array<{ path: string; code: LessonRuleCode }>();
	for (let i = 1; i < count && i <= 50; i++) out.push({ path: `/steps/${i}/id`, code: "duplicate_id" });
	if (count - 1 > 50) out.push({ path: "", code: "too_many_issues" });
	return out;
}

export const LESSON_RULE_CASES: ReadonlyArray<LessonRuleCase> = [
	{
		name: "every step kind and question type, all rules kept",
		content: lesson([
			{ kind: "instruction", id: "intro", text: "Hi" },
			{ kind: "checkpoint", id: "reach", target: "HalfMarker" },
			{ kind: "quiz", id: "q1", prompt: "p", points: 10, question: { type: "single_choice", choices: choices(false, true) } },
			{ kind: "quiz", id: "q2", prompt: "p", points: 0, question: { type: "multiple_choice", choices: choices(true, true, false) } },
			{ kind: "quiz", id: "q3", prompt: "p", points: 1, question: { type: "numeric", answer: 0.25, tolerance: 0 } },
			{
				kind: "quiz",
				id: "q4",
				prompt: "p",
				points: 1,
				question: {
					type: "ordering",
					items: [
						{ id: "x", text: "a" },
						{ id: "y", text: "b" },
					],
				},
			},
		]),
		issues: [],
	},
	{
		name: "choice and item ids repeat across questions (unique per question only)",
		content: lesson([
			{ kind: "quiz", id: "q1", prompt: "p", points: 1, question: { type: "single_choice", choices: choices(true, false) } },
			{ kind: "quiz", id: "q2", prompt: "p", points: 1, question: { type: "multiple_choice", choices: choices(true, false) } },
			{
				kind: "quiz",
				id: "q3",
				prompt: "p",
				points: 1,
				question: {
					type: "ordering",
					items: [
						{ id: "c0", text: "a" },
						{ id: "c1", text: "b" },
					],
				},
			},
		]),
		issues: [],
	},
	{
		name: "every rule broken once, reported in step order",
		content: lesson([
			{ kind: "instruction", id: "intro", text: "one" },
			{ kind: "instruction", id: "intro", text: "two" },
			{ kind: "checkpoint", id: "reach", target: "   " },
			{
				kind: "quiz",
				id: "single",
				prompt: "p",
				points: 1,
				question: {
					type: "single_choice",
					choices: [
						{ id: "a", text: "x", correct: true },
						{ id: "a", text: "y", correct: true },
					],
				},
			},
			{ kind: "quiz", id: "multi", prompt: "p", points: 1, question: { type: "multiple_choice", choices: choices(false, false) } },
			{
				kind: "quiz",
				id: "ord",
				prompt: "p",
				points: 1,
				question: {
					type: "ordering",
					items: [
						{ id: "i", text: "x" },
						{ id: "i", text: "y" },
					],
				},
			},
			{ kind: "quiz", id: "none", prompt: "p", points: 1, question: { type: "single_choice", choices: choices(false, false) } },
		]),
		issues: [
			{ path: "/steps/1/id", code: "duplicate_id" },
			{ path: "/steps/2/target", code: "blank" },
			{ path: "/steps/3/question/choices/1/id", code: "duplicate_id" },
			{ path: "/steps/3/question/choices", code: "too_many_correct" },
			{ path: "/steps/4/question/choices", code: "no_correct_answer" },
			{ path: "/steps/5/question/items/1/id", code: "duplicate_id" },
			{ path: "/steps/6/question/choices", code: "no_correct_answer" },
		],
	},
	{
		name: "a duplicated step that also breaks its own rule: id first, then the step's issue",
		content: lesson([
			{ kind: "checkpoint", id: "x", target: "Tag" },
			{ kind: "checkpoint", id: "x", target: "  " },
		]),
		issues: [
			{ path: "/steps/1/id", code: "duplicate_id" },
			{ path: "/steps/1/target", code: "blank" },
		],
	},
	{
		name: "each later repeat of an id is reported, pointing at the later one",
		content: lesson([
			{
				kind: "quiz",
				id: "q",
				prompt: "p",
				points: 1,
				question: {
					type: "ordering",
					items: [
						{ id: "i", text: "1" },
						{ id: "j", text: "2" },
						{ id: "i", text: "3" },
						{ id: "i", text: "4" },
					],
				},
			},
			{ kind: "instruction", id: "q", text: "t" },
		]),
		issues: [
			{ path: "/steps/0/question/items/2/id", code: "duplicate_id" },
			{ path: "/steps/0/question/items/3/id", code: "duplicate_id" },
			{ path: "/steps/1/id", code: "duplicate_id" },
		],
	},
	{
		name: "non-ASCII ids compare by exact text; only ASCII whitespace is blank",
		content: lesson([
			{ kind: "instruction", id: "é", text: "t" },
			{ kind: "instruction", id: "e", text: "t" },
			{ kind: "instruction", id: "é", text: "t" },
			{ kind: "checkpoint", id: "nbsp", target: "\u{a0}" },
			// A tag is one line: the contract refuses tabs, line breaks and other controls before this rule runs.
			{ kind: "checkpoint", id: "ws", target: "   " },
		]),
		issues: [
			{ path: "/steps/2/id", code: "duplicate_id" },
			{ path: "/steps/4/target", code: "blank" },
		],
	},
	{
		name: "three correct of a single choice; multiple choice may have all correct",
		content: lesson([
			{ kind: "quiz", id: "s", prompt: "p", points: 1, question: { type: "single_choice", choices: choices(true, true, true) } },
			{ kind: "quiz", id: "m", prompt: "p", points: 1, question: { type: "multiple_choice", choices: choices(true, true, true) } },
		]),
		issues: [{ path: "/steps/0/question/choices", code: "too_many_correct" }],
	},
	{ name: "50 problems are all listed", content: lesson(sameIds(51)), issues: sameIdIssues(51) },
	{ name: "past 50 problems, one too_many_issues at the root", content: lesson(sameIds(60)), issues: sameIdIssues(60) },
];
