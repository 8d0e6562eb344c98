import { describe, expect, it } from "@rbxts/jest-globals";
import { AnswerSubmitted, type ArraySchema, type ObjectSchema, type OptionalSchema, StepCompleted } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";
import { checkAnswerArgs, checkNextArgs, isAnswerPayload, isChoiceId, isId, isNextStepId, MAX_ID_LENGTH, MAX_IDS } from "shared/remotes";

/** `count` copies of the character with code point `code` (built from code points: no editor encoding in play). */
const chars = (code: number, count: number) => string.rep(utf8.char(code), count);
const CYRILLIC = 0x0439; // й, 2 bytes
const CJK = 0x4e2d; // 中, 3 bytes
const EMOJI = 0x1f600; // 😀, 4 bytes (2 UTF-16 units, 1 code point)

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

describe("remote argument guards use the progress contract's rule (code points, valid UTF-8)", () => {
	const stepIdNode = AnswerSubmitted.shape.stepId;
	const choiceIdsNode = ((AnswerSubmitted.shape.answer as ObjectSchema<unknown>).shape.choiceIds as OptionalSchema<Array<string>>).inner as ArraySchema<string>;

	it("take ids of up to 64 code points in any script, however many bytes they are", () => {
		for (const code of [CYRILLIC, CJK, EMOJI]) {
			const longest = chars(code, MAX_ID_LENGTH);
			expect(longest.size() > MAX_ID_LENGTH).toBe(true);
			expect(checkAnswerArgs([longest, { choiceIds: [longest, chars(code, 1)] }])).toBe(true);
			expect(checkNextArgs([longest])).toBe(true);
			expect(checkAnswerArgs([chars(code, MAX_ID_LENGTH + 1), { choiceIds: ["a"] }])).toBe(false);
			expect(checkAnswerArgs(["q1", { choiceIds: [chars(code, MAX_ID_LENGTH + 1)] }])).toBe(false);
			expect(checkNextArgs([chars(code, MAX_ID_LENGTH + 1)])).toBe(false);
		}
	});

	it("refuse text that is not valid UTF-8 (a stray byte, a surrogate half, a cut emoji)", () => {
		const invalid = [string.char(0xff), `q${string.char(0xc3)}`, string.char(0xed, 0xa0, 0x80), utf8.char(EMOJI).sub(1, 3)];
		for (const text of invalid) {
			expect(checkAnswerArgs([text, { numeric: 1 }])).toBe(false);
			expect(checkAnswerArgs(["q1", { choiceIds: [text] }])).toBe(false);
			expect(checkNextArgs([text])).toBe(false);
		}
	});

	it("agree with the shared validator on every id, whatever rule the contract has for it", () => {
		const samples = [
			"",
			"a",
			string.char(0),
			`a${string.char(0)}b`,
			string.char(7),
			string.rep("a", MAX_ID_LENGTH),
			string.rep("a", MAX_ID_LENGTH + 1),
			chars(CYRILLIC, MAX_ID_LENGTH),
			chars(EMOJI, MAX_ID_LENGTH + 1),
			string.char(0xff),
			string.char(0xed, 0xa0, 0x80),
		];
		for (const text of samples) {
			expect(isId(text)).toBe(parse(stepIdNode, text).ok);
			expect(isNextStepId(text)).toBe(parse(StepCompleted.shape.stepId, text).ok);
			expect(isChoiceId(text)).toBe(parse(choiceIdsNode.item, text).ok);
		}
	});
});
