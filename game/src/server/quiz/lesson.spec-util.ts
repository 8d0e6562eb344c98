import type { LessonContent } from "@toolboxai/shared";

/** A lesson with every step kind and question kind (test helper). */
export const LESSON: LessonContent = {
	schemaVersion: 1,
	title: "Fractions on a number line",
	steps: [
		{ kind: "instruction", id: "intro", title: "Welcome", text: "Walk to the number line and find one half." },
		{ kind: "checkpoint", id: "reach-half", text: "Find one half", target: "HalfMarker" },
		{
			kind: "quiz",
			id: "q-single",
			prompt: "Which is larger?",
			points: 10,
			question: {
				type: "single_choice",
				choices: [
					{ id: "a", text: "1/2", correct: false },
					{ id: "b", text: "3/4", correct: true },
				],
			},
		},
		{
			kind: "quiz",
			id: "q-multi",
			prompt: "Which equal one half?",
			points: 20,
			question: {
				type: "multiple_choice",
				choices: [
					{ id: "x", text: "2/4", correct: true },
					{ id: "y", text: "3/4", correct: false },
					{ id: "z", text: "4/8", correct: true },
				],
			},
		},
		{
			kind: "quiz",
			id: "q-num",
			prompt: "Where is one half, in metres?",
			points: 5,
			question: { type: "numeric", answer: 0.5, tolerance: 0.25, unit: "m" },
		},
		{
			kind: "quiz",
			id: "q-order",
			prompt: "Smallest first",
			points: 15,
			question: {
				type: "ordering",
				items: [
					{ id: "i1", text: "1/4" },
					{ id: "i2", text: "1/2" },
					{ id: "i3", text: "3/4" },
				],
			},
		},
	],
};

/** A deterministic [0, 1) sequence (a small LCG) for shuffles. */
export function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
}
