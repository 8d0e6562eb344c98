import { describe, expect, it } from "@rbxts/jest-globals";
import type { StepPosition } from "shared/remotes";
import { answerFrom, countdownText, feedbackView, hintButton, hintText, progressFraction, questionView, stepPanel, toggle } from "./view";

const at = (index: number, total = 4): StepPosition => ({ index, total, lessonTitle: "Fractions" });

describe("lesson UI view models", () => {
	it("step panel: instruction waits for Next, checkpoint tells where to go, quiz shows the question", () => {
		expect(stepPanel({ kind: "instruction", id: "intro", title: "Welcome", text: "Walk over." }, at(0))).toEqual({
			title: "Welcome",
			body: "Walk over.",
			showNext: true,
			showQuestion: false,
		});
		expect(stepPanel({ kind: "checkpoint", id: "c" }, at(1))).toEqual({
			title: "Step 2 of 4",
			body: "Find the marked spot to continue.",
			showNext: false,
			showQuestion: false,
		});
		const quiz = stepPanel({ kind: "quiz", id: "q", prompt: "Which?", points: 10, question: { type: "numeric" } }, at(2));
		expect(quiz).toEqual({ title: "Step 3 of 4 · 10 points", body: "Which?", showNext: false, showQuestion: true });
		expect(stepPanel(undefined, at(4)).body).toBe("Lesson complete. Well done!");
	});

	it("question view and the answers selections make, for every question kind", () => {
		const options = [
			{ id: "a", text: "A" },
			{ id: "b", text: "B" },
		];
		const single = questionView({ type: "single_choice", choices: options });
		expect(single).toEqual({ input: "choices", multiple: false, options, hint: "Pick one answer." });
		expect(toggle(single, toggle(single, [], "a"), "b")).toEqual(["b"]);
		expect(answerFrom(single, [], "")).toBe(undefined);
		expect(answerFrom(single, ["b"], "")).toEqual({ choiceIds: ["b"] });

		const multiple = questionView({ type: "multiple_choice", choices: options });
		const both = toggle(multiple, toggle(multiple, [], "a"), "b");
		expect(both).toEqual(["a", "b"]);
		expect(toggle(multiple, both, "a")).toEqual(["b"]);
		expect(answerFrom(multiple, both, "")).toEqual({ choiceIds: ["a", "b"] });

		const numeric = questionView({ type: "numeric", unit: "m" });
		expect(numeric).toEqual({ input: "number", unit: "m", hint: "Type a number." });
		expect(answerFrom(numeric, [], "0.5")).toEqual({ numeric: 0.5 });
		expect(answerFrom(numeric, [], "half")).toBe(undefined);
		expect(answerFrom(numeric, [], "nan")).toBe(undefined);
		expect(answerFrom(numeric, [], "inf")).toBe(undefined);

		const order = questionView({ type: "ordering", items: options });
		expect(order.input).toBe("order");
		expect(answerFrom(order, ["b"], "")).toBe(undefined);
		expect(answerFrom(order, toggle(order, ["b"], "a"), "")).toEqual({ choiceIds: ["b", "a"] });
	});

	it("feedback: correct with points, or not quite", () => {
		expect(feedbackView({ stepId: "q", correct: true, points: 10 })).toEqual({ text: "Correct! +10 points", positive: true });
		expect(feedbackView({ stepId: "q", correct: true, points: 1 }).text).toBe("Correct! +1 point");
		expect(feedbackView({ stepId: "q", correct: false, points: 0 })).toEqual({ text: "Not quite. +0 points", positive: false });
		expect(feedbackView({ stepId: "q", correct: false, points: 0, timedOut: true })).toEqual({ text: "Time's up. +0 points", positive: false });
	});

	it("hints: a button while hints are left, each hint with what a right answer earns now", () => {
		const quiz = { kind: "quiz" as const, id: "q", prompt: "Which?", points: 10, question: { type: "numeric" as const }, hintCount: 2 };
		expect(hintButton(quiz, 0)).toEqual({ visible: true, text: "Hint (2 left, costs points)" });
		expect(hintButton(quiz, 2).visible).toBe(false);
		expect(hintButton({ ...quiz, hintCount: undefined }, 0).visible).toBe(false);
		expect(hintButton({ kind: "instruction", id: "i", text: "Go" }, 0).visible).toBe(false);
		expect(hintText({ stepId: "q", number: 1, text: "Think of pizza.", remaining: 1, pointsNow: 7.5 })).toBe("Hint 1: Think of pizza. (a right answer now earns 7.5 points)");
	});

	it("countdown of a timed question, never below 0:00; nothing for untimed steps", () => {
		const timed = { kind: "quiz" as const, id: "q", prompt: "Which?", points: 10, question: { type: "numeric" as const }, timeLimitSeconds: 90 };
		expect(countdownText(timed, 0)).toBe("1:30 left");
		expect(countdownText(timed, 80.5)).toBe("0:10 left");
		expect(countdownText(timed, 200)).toBe("0:00 left");
		expect(countdownText({ ...timed, timeLimitSeconds: undefined }, 0)).toBe("");
		expect(countdownText(undefined, 0)).toBe("");
	});

	it("progress bar fraction", () => {
		expect(progressFraction(at(0))).toBe(0);
		expect(progressFraction(at(1))).toBe(0.25);
		expect(progressFraction(at(4))).toBe(1);
		expect(progressFraction({ index: 0, total: 0, lessonTitle: "" })).toBe(0);
	});
});
