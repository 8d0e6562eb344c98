import type { LessonContent } from "@toolboxai/shared";
import { sampleContent } from "./__tests__/lesson-fixtures";
import { diffContent } from "./diff-content";

describe("diffContent", () => {
	it("finds nothing between equal contents", () => {
		expect(diffContent(sampleContent(), sampleContent())).toEqual({ added: [], removed: [], changed: [], titleChanged: false });
	});

	it("matches steps by id: added, removed, and changed with the fields that differ", () => {
		const from = sampleContent();
		const to: LessonContent = { ...sampleContent(), title: "New title", steps: [...sampleContent().steps] };
		to.steps.splice(1, 1); // remove reach-half
		to.steps.push({ kind: "instruction", id: "outro", text: "Well done" });
		const q1 = to.steps.find((step) => step.id === "q1");
		if (q1?.kind !== "quiz") throw new Error("fixture");
		to.steps[to.steps.indexOf(q1)] = { ...q1, points: 20, hints: ["Think of pizza"] };
		expect(diffContent(from, to)).toEqual({
			added: ["outro"],
			removed: ["reach-half"],
			changed: [{ id: "q1", fields: ["hints", "points"] }],
			titleChanged: true,
		});
	});

	it("sees a changed answer inside a question, and a step whose kind changed", () => {
		const to = sampleContent();
		to.steps[0] = { kind: "checkpoint", id: "intro", target: "Start" };
		const q1 = to.steps[2];
		if (q1?.kind !== "quiz" || q1.question.type !== "single_choice") throw new Error("fixture");
		to.steps[2] = {
			...q1,
			question: {
				type: "single_choice",
				choices: [
					{ id: "a", text: "1/2", correct: true },
					{ id: "b", text: "3/4", correct: false },
				],
			},
		};
		expect(diffContent(sampleContent(), to).changed).toEqual([
			{ id: "intro", fields: ["kind", "target", "text"] },
			{ id: "q1", fields: ["question"] },
		]);
	});

	it("reports a move among shared steps as position, but not the shift a new step causes", () => {
		const inserted = sampleContent();
		inserted.steps.unshift({ kind: "instruction", id: "new", text: "first" });
		expect(diffContent(sampleContent(), inserted)).toEqual({ added: ["new"], removed: [], changed: [], titleChanged: false });

		const swapped = sampleContent();
		[swapped.steps[0], swapped.steps[1]] = [swapped.steps[1] as never, swapped.steps[0] as never];
		expect(diffContent(sampleContent(), swapped).changed).toEqual([
			{ id: "reach-half", fields: ["position"] },
			{ id: "intro", fields: ["position"] },
		]);
	});

	it("ignores key order inside steps (compared as canonical JSON)", () => {
		const reordered = sampleContent();
		reordered.steps[0] = { text: "Walk to the number line and find one half.", id: "intro", kind: "instruction" } as never;
		expect(diffContent(sampleContent(), reordered).changed).toEqual([]);
	});
});
