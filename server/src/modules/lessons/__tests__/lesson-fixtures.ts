import { LessonContent } from "@toolboxai/shared";

const EXAMPLE = LessonContent.example as LessonContent;

/** A valid lesson with one step of every kind and every question type (what the semantic rules look at). */
export function sampleContent(title = "Fractions on a number line"): LessonContent {
	return {
		schemaVersion: 1,
		title,
		steps: [
			// The contract's own example (an instruction, a checkpoint, a single-choice quiz), then the other kinds.
			...structuredClone(EXAMPLE.steps),
			{
				kind: "quiz",
				id: "q2",
				prompt: "Which equal one half?",
				points: 5,
				question: {
					type: "multiple_choice",
					choices: [
						{ id: "a", text: "2/4", correct: true },
						{ id: "b", text: "3/6", correct: true },
						{ id: "c", text: "2/3", correct: false },
					],
				},
			},
			{ kind: "quiz", id: "q3", prompt: "What is 1/4 as a decimal?", points: 5, question: { type: "numeric", answer: 0.25, tolerance: 0 } },
			{
				kind: "quiz",
				id: "q4",
				prompt: "Order smallest first",
				points: 5,
				question: {
					type: "ordering",
					items: [
						{ id: "x", text: "1/4" },
						{ id: "y", text: "1/2" },
					],
				},
			},
		],
	};
}
