import type { LessonContent } from "@toolboxai/shared";
import { sampleContent } from "./__tests__/lesson-fixtures";
import { MAX_CONTENT_BYTES, validateLessonContent } from "./validate-content";

/** The sample with every semantic rule broken once; the shape stays valid for the contract. */
function brokenContent(): LessonContent {
	const content = sampleContent();
	content.steps = [
		{ kind: "instruction", id: "intro", text: "one" },
		{ kind: "instruction", id: "intro", text: "two" },
		{ kind: "checkpoint", id: "reach", target: "   " },
		{
			kind: "quiz",
			id: "single",
			prompt: "p",
			points: -1,
			question: {
				type: "single_choice",
				choices: [
					{ id: "a", text: "x", correct: true },
					{ id: "a", text: "y", correct: true },
				],
			},
		},
		{
			kind: "quiz",
			id: "multi",
			prompt: "p",
			points: 1,
			question: {
				type: "multiple_choice",
				choices: [
					{ id: "a", text: "x", correct: false },
					{ id: "b", text: "y", correct: false },
				],
			},
		},
		{ kind: "quiz", id: "num", prompt: "p", points: 1, question: { type: "numeric", answer: 1, tolerance: -0.5 } },
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
		{
			kind: "quiz",
			id: "none",
			prompt: "p",
			points: 1,
			question: {
				type: "single_choice",
				choices: [
					{ id: "a", text: "x", correct: false },
					{ id: "b", text: "y", correct: false },
				],
			},
		},
	];
	return content;
}

describe("validateLessonContent", () => {
	it("accepts a valid lesson with every step and question kind", () => {
		expect(validateLessonContent(sampleContent())).toEqual([]);
	});

	it("reports every broken rule at once, each with the JSON Pointer of what to fix", () => {
		const issues = validateLessonContent(brokenContent());
		expect(issues.map(({ path, code }) => ({ path, code }))).toEqual([
			{ path: "/content/steps/1/id", code: "duplicate_id" },
			{ path: "/content/steps/2/target", code: "blank" },
			{ path: "/content/steps/3/points", code: "too_small" },
			{ path: "/content/steps/3/question/choices/1/id", code: "duplicate_id" },
			{ path: "/content/steps/3/question/choices", code: "too_many_correct" },
			{ path: "/content/steps/4/question/choices", code: "no_correct_answer" },
			{ path: "/content/steps/5/question/tolerance", code: "too_small" },
			{ path: "/content/steps/6/question/items/1/id", code: "duplicate_id" },
			{ path: "/content/steps/7/question/choices", code: "no_correct_answer" },
		]);
		for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
		expect(issues[0]?.message).toContain('"intro"');
	});

	it("lets a single-choice question have exactly one right answer and a multiple-choice several", () => {
		const content = sampleContent();
		expect(validateLessonContent(content)).toEqual([]);
		const q2 = content.steps[3];
		if (q2?.kind !== "quiz" || q2.question.type !== "multiple_choice") throw new Error("fixture");
		expect(q2.question.choices.filter((choice) => choice.correct)).toHaveLength(2);
	});

	it("allows the same choice id in different questions (ids are unique per question)", () => {
		const content = sampleContent();
		// q1 and q2 both have a choice "a" in the fixture.
		expect(validateLessonContent(content)).toEqual([]);
	});

	it("refuses content over the size limit, at the content's path", () => {
		const content = sampleContent();
		const text = "x".repeat(2000);
		content.steps = Array.from({ length: 200 }, (_, i) => ({ kind: "instruction" as const, id: `s${i}`, title: "t".repeat(120), text }));
		const issues = validateLessonContent(content);
		expect(issues).toEqual([{ path: "/content", code: "too_large", message: expect.stringContaining(String(MAX_CONTENT_BYTES)) }]);
	});

	it("uses the base path it is given (the plugin validates content on its own, at the root)", () => {
		const issues = validateLessonContent(brokenContent(), "");
		expect(issues[0]?.path).toBe("/steps/1/id");
	});

	it("stops listing after 50 problems and says how many more", () => {
		const content = sampleContent();
		content.steps = Array.from({ length: 60 }, () => ({ kind: "instruction" as const, id: "same", text: "t" }));
		const issues = validateLessonContent(content);
		expect(issues).toHaveLength(51);
		expect(issues[50]).toEqual({ path: "/content", code: "too_many_issues", message: "9 more problems not listed" });
	});
});
