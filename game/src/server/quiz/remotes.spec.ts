import { describe, expect, it } from "@rbxts/jest-globals";
import { checkAnswerArgs, checkNextArgs, isAnswerPayload, MAX_ID_LENGTH, MAX_IDS } from "shared/remotes";

// The guards live in shared/remotes (next to the remote names); their specs sit with the server that relies on them.
describe("remote argument guards", () => {
	it("accept well-formed answers", () => {
		expect(checkAnswerArgs(["q1", { choiceIds: ["a"] }])).toBe(true);
		expect(checkAnswerArgs(["q1", { choiceIds: ["a", "b", "c"] }])).toBe(true);
		expect(checkAnswerArgs(["q1", { numeric: -2.5 }])).toBe(true);
		expect(checkAnswerArgs([string.rep("s", MAX_ID_LENGTH), { choiceIds: [string.rep("c", MAX_ID_LENGTH)] }])).toBe(true);
		const ten = new Array<string>();
		for (let i = 1; i <= MAX_IDS; i++) ten.push(`c${i}`);
		expect(checkAnswerArgs(["q1", { choiceIds: ten }])).toBe(true);
		expect(checkNextArgs(["intro"])).toBe(true);
	});

	it("reject wrong types", () => {
		expect(checkAnswerArgs([1, { choiceIds: ["a"] }])).toBe(false);
		expect(checkAnswerArgs(["q1", "a"])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: "a" }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: [1, 2] }])).toBe(false);
		expect(checkAnswerArgs(["q1", { numeric: "3" }])).toBe(false);
		expect(checkAnswerArgs(["q1", { numeric: true }])).toBe(false);
		expect(checkAnswerArgs([{}, { numeric: 1 }])).toBe(false);
		expect(checkNextArgs([false])).toBe(false);
	});

	it("reject huge or empty strings and too many ids", () => {
		expect(checkAnswerArgs([string.rep("s", MAX_ID_LENGTH + 1), { choiceIds: ["a"] }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: [string.rep("c", 1_000_000)] }])).toBe(false);
		expect(checkAnswerArgs(["", { numeric: 1 }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: [""] }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: [] }])).toBe(false);
		const many = new Array<string>();
		for (let i = 1; i <= 100_000; i++) many.push("a");
		expect(checkAnswerArgs(["q1", { choiceIds: many }])).toBe(false);
		expect(checkNextArgs([string.rep("s", 10_000)])).toBe(false);
	});

	it("reject NaN and infinities", () => {
		expect(checkAnswerArgs(["q1", { numeric: 0 / 0 }])).toBe(false);
		expect(checkAnswerArgs(["q1", { numeric: math.huge }])).toBe(false);
		expect(checkAnswerArgs(["q1", { numeric: -math.huge }])).toBe(false);
	});

	it("reject nested tables, sparse or keyed arrays, extra keys and extra arguments", () => {
		expect(checkAnswerArgs(["q1", { choiceIds: [["a"]] }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: [{ id: "a" }] }])).toBe(false);
		expect(checkAnswerArgs(["q1", { numeric: { value: 1 } }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: { 1: "a", 3: "b" } }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: { first: "a" } }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: ["a"], correct: true }])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: ["a"], numeric: 1 }])).toBe(false);
		expect(checkAnswerArgs(["q1", {}])).toBe(false);
		expect(checkAnswerArgs(["q1", { choiceIds: ["a"] }, "extra"])).toBe(false);
		expect(checkAnswerArgs(["q1"])).toBe(false);
		expect(checkAnswerArgs([])).toBe(false);
		expect(checkNextArgs(["intro", "extra"])).toBe(false);
		expect(checkNextArgs([])).toBe(false);
		expect(isAnswerPayload(undefined)).toBe(false);
	});
});
