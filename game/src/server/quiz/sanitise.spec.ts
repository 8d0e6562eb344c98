import { describe, expect, it } from "@rbxts/jest-globals";
import { HttpService } from "@rbxts/services";
import type { LessonStep } from "@toolboxai/shared";
import { clientStep, shuffled } from "./sanitise";
import { LESSON, seeded } from "./lesson.spec-util";

const FORBIDDEN_KEYS = new Set(["correct", "answer", "tolerance", "target"]);

/** Every key anywhere in a table (recursively). */
function keysOf(value: unknown, into = new Array<string>()): Array<string> {
	if (typeIs(value, "table")) {
		for (const [key, inner] of pairs(value as Record<string, unknown>)) {
			into.push(tostring(key));
			keysOf(inner, into);
		}
	}
	return into;
}

function step(id: string): LessonStep {
	const found = LESSON.steps.find((candidate) => candidate.id === id);
	if (found === undefined) error(`no step ${id}`);
	return found;
}

describe("clientStep", () => {
	it("never sends which choice is correct, the numeric answer or tolerance, or a checkpoint's tag", () => {
		for (const lessonStep of LESSON.steps) {
			const out = clientStep(lessonStep, seeded(1));
			for (const key of keysOf(out)) expect(FORBIDDEN_KEYS.has(key)).toBe(false);
			// As it goes over the wire too: no `correct` flag and no numeric answer anywhere in the text.
			const wire = HttpService.JSONEncode(out);
			expect(wire.find("correct")[0]).toBe(undefined);
			expect(wire.find("0.5", 1, true)[0]).toBe(undefined);
		}
	});

	it("keeps what the student needs: prompt, points, choices' ids and text, the unit", () => {
		expect(clientStep(step("q-single"), seeded(1))).toEqual({
			kind: "quiz",
			id: "q-single",
			prompt: "Which is larger?",
			points: 10,
			question: {
				type: "single_choice",
				choices: [
					{ id: "a", text: "1/2" },
					{ id: "b", text: "3/4" },
				],
			},
		});
		expect(clientStep(step("q-num"), seeded(1))).toEqual({
			kind: "quiz",
			id: "q-num",
			prompt: "Where is one half, in metres?",
			points: 5,
			question: { type: "numeric", unit: "m" },
		});
		expect(clientStep(step("reach-half"), seeded(1))).toEqual({ kind: "checkpoint", id: "reach-half", text: "Find one half" });
	});

	it("shuffles ordering items deterministically and never in the stored (correct) order", () => {
		const ids = (seed: number) => {
			const out = clientStep(step("q-order"), seeded(seed));
			if (out.kind !== "quiz" || out.question.type !== "ordering") error("not an ordering quiz");
			return out.question.items.map((item) => item.id);
		};
		expect(ids(7)).toEqual(ids(7));
		for (let seed = 1; seed <= 30; seed++) {
			const order = ids(seed);
			expect(order.size()).toBe(3);
			expect([...order].sort()).toEqual(["i1", "i2", "i3"]);
			expect(order.join(",")).never.toBe("i1,i2,i3");
		}
		// Even a "random" source that would keep the order (always the last index) is corrected.
		const kept = clientStep(step("q-order"), () => 0.999999);
		if (kept.kind !== "quiz" || kept.question.type !== "ordering") error("not an ordering quiz");
		expect(kept.question.items.map((item) => item.id).join(",")).never.toBe("i1,i2,i3");
	});

	it("shuffled permutes a copy and leaves the input alone", () => {
		const input = [1, 2, 3, 4, 5];
		const out = shuffled(input, seeded(3));
		expect(input).toEqual([1, 2, 3, 4, 5]);
		expect([...out].sort()).toEqual([1, 2, 3, 4, 5]);
	});
});
