import { describe, expect, it } from "@rbxts/jest-globals";
import type { Question } from "@toolboxai/shared";
import { pointsAfterHints, scoreAnswer } from "./score";

const single: Question = {
	type: "single_choice",
	choices: [
		{ id: "a", text: "1/2", correct: false },
		{ id: "b", text: "3/4", correct: true },
	],
};
const multiple: Question = {
	type: "multiple_choice",
	choices: [
		{ id: "x", text: "2/4", correct: true },
		{ id: "y", text: "3/4", correct: false },
		{ id: "z", text: "4/8", correct: true },
	],
};
const numeric: Question = { type: "numeric", answer: 10, tolerance: 0.5 };
const exact: Question = { type: "numeric", answer: 3, tolerance: 0 };
const ordering: Question = {
	type: "ordering",
	items: [
		{ id: "i1", text: "1/4" },
		{ id: "i2", text: "1/2" },
		{ id: "i3", text: "3/4" },
	],
};

describe("scoreAnswer", () => {
	it("single choice: the correct choice earns the points, another choice or two choices earn none", () => {
		expect(scoreAnswer(single, 10, { choiceIds: ["b"] })).toEqual({ correct: true, points: 10 });
		expect(scoreAnswer(single, 10, { choiceIds: ["a"] })).toEqual({ correct: false, points: 0 });
		expect(scoreAnswer(single, 10, { choiceIds: ["b", "a"] })).toEqual({ correct: false, points: 0 });
		expect(scoreAnswer(single, 10, { choiceIds: ["nope"] })).toEqual({ correct: false, points: 0 });
		expect(scoreAnswer(single, 10, { numeric: 1 })).toEqual({ correct: false, points: 0 });
	});

	it("multiple choice: exactly the correct set in any order; partial, extra or repeated ids are wrong", () => {
		expect(scoreAnswer(multiple, 20, { choiceIds: ["x", "z"] })).toEqual({ correct: true, points: 20 });
		expect(scoreAnswer(multiple, 20, { choiceIds: ["z", "x"] }).correct).toBe(true);
		expect(scoreAnswer(multiple, 20, { choiceIds: ["x"] })).toEqual({ correct: false, points: 0 });
		expect(scoreAnswer(multiple, 20, { choiceIds: ["x", "y", "z"] }).correct).toBe(false);
		expect(scoreAnswer(multiple, 20, { choiceIds: ["x", "x"] }).correct).toBe(false);
		expect(scoreAnswer(multiple, 20, { choiceIds: ["x", "z", "z"] }).correct).toBe(false);
	});

	it("numeric: within ±tolerance inclusive at both edges, wrong just outside", () => {
		expect(scoreAnswer(numeric, 5, { numeric: 10 })).toEqual({ correct: true, points: 5 });
		expect(scoreAnswer(numeric, 5, { numeric: 10.5 }).correct).toBe(true);
		expect(scoreAnswer(numeric, 5, { numeric: 9.5 }).correct).toBe(true);
		expect(scoreAnswer(numeric, 5, { numeric: 10.5001 })).toEqual({ correct: false, points: 0 });
		expect(scoreAnswer(numeric, 5, { numeric: 9.4999 }).correct).toBe(false);
		expect(scoreAnswer(exact, 5, { numeric: 3 }).correct).toBe(true);
		expect(scoreAnswer(exact, 5, { numeric: 3.000001 }).correct).toBe(false);
		expect(scoreAnswer(numeric, 5, { choiceIds: ["10"] }).correct).toBe(false);
	});

	it("ordering: every item once in the stored order; a swap, a missing or an extra item is wrong", () => {
		expect(scoreAnswer(ordering, 15, { choiceIds: ["i1", "i2", "i3"] })).toEqual({ correct: true, points: 15 });
		expect(scoreAnswer(ordering, 15, { choiceIds: ["i2", "i1", "i3"] }).correct).toBe(false);
		expect(scoreAnswer(ordering, 15, { choiceIds: ["i1", "i2"] }).correct).toBe(false);
		expect(scoreAnswer(ordering, 15, { choiceIds: ["i1", "i2", "i3", "i3"] }).correct).toBe(false);
		expect(scoreAnswer(ordering, 15, { numeric: 123 }).correct).toBe(false);
	});
});

describe("hints", () => {
	it("each hint takes a quarter of the points off a right answer, never below zero; a wrong answer stays 0", () => {
		expect(pointsAfterHints(10, 0)).toBe(10);
		expect(pointsAfterHints(10, 1)).toBe(7.5);
		expect(pointsAfterHints(10, 2)).toBe(5);
		expect(pointsAfterHints(10, 4)).toBe(0);
		expect(pointsAfterHints(10, 5)).toBe(0);
		expect(pointsAfterHints(7, 1)).toBe(5.25);
		expect(pointsAfterHints(1, 1)).toBe(0.75);
		const question: Question = { type: "numeric", answer: 4, tolerance: 0 };
		expect(scoreAnswer(question, 10, { numeric: 4 }, 1)).toEqual({ correct: true, points: 7.5 });
		expect(scoreAnswer(question, 10, { numeric: 5 }, 1)).toEqual({ correct: false, points: 0 });
	});
});
