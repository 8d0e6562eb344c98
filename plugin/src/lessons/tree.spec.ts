import { describe, expect, it } from "@rbxts/jest-globals";
import { HINT_TAG, LESSON_TAG, STEP_TAG } from "./convention";
import { fakeTags } from "./fake-studio.spec-util";
import { FIXTURES } from "./fixtures.spec-util";
import { readLesson } from "./read-lesson";
import { writeLesson } from "./write-lesson";

function folder(name = "Lesson"): Folder {
	const f = new Instance("Folder");
	f.Name = name;
	return f;
}

function step(tags: ReturnType<typeof fakeTags>, parent: Instance, name: string, attributes: Record<string, AttributeValue>): Configuration {
	const s = new Instance("Configuration");
	s.Name = name;
	for (const [k, v] of pairs(attributes)) s.SetAttribute(k as string, v);
	tags.AddTag(s, STEP_TAG);
	s.Parent = parent;
	return s;
}

describe("lesson tree <-> LessonContent", () => {
	let count = 0;
	for (const [name, content] of pairs(FIXTURES)) {
		count += 1;
		it(`round-trips: ${name}`, () => {
			const tags = fakeTags();
			const f = folder();
			writeLesson(tags, f, content);
			expect(readLesson(tags, f)).toEqual(content);
			// Written twice (a second download over the first): still exactly one copy of each step.
			writeLesson(tags, f, content);
			expect(readLesson(tags, f)).toEqual(content);
			expect(f.GetChildren().size()).toBe(content.steps.size());
		});
	}

	it("has at least ten fixtures covering every step kind and question type", () => {
		expect(count >= 10).toBe(true);
		const kinds = new Set<string>();
		const types = new Set<string>();
		let hints = false;
		let timeLimit = false;
		let unit = false;
		for (const [, content] of pairs(FIXTURES)) {
			for (const s of content.steps) {
				kinds.add(s.kind);
				if (s.kind !== "quiz") continue;
				types.add(s.question.type);
				if (s.hints !== undefined) hints = true;
				if (s.timeLimitSeconds !== undefined) timeLimit = true;
				if (s.question.type === "numeric" && s.question.unit !== undefined) unit = true;
			}
		}
		expect(kinds.size()).toBe(3);
		expect(types.size()).toBe(4);
		expect([hints, timeLimit, unit]).toEqual([true, true, true]);
	});

	it("writes the documented authoring format", () => {
		const tags = fakeTags();
		const f = folder();
		writeLesson(tags, f, FIXTURES["multiple choice with hints and time limit"]);
		expect(tags.HasTag(f, LESSON_TAG)).toBe(true);
		expect(f.GetAttribute("Title")).toBe("Primes");
		expect(f.GetAttribute("SchemaVersion")).toBe(1);
		const quiz = f.FindFirstChild("primes")!;
		expect(quiz.IsA("Configuration")).toBe(true);
		expect(tags.HasTag(quiz, STEP_TAG)).toBe(true);
		expect(quiz.GetAttributes()).toEqual({ Kind: "quiz", Id: "primes", Order: 1, Prompt: "Which are prime?", Points: 5.5, TimeLimitSeconds: 60, QuestionType: "multiple_choice" });
		expect(quiz.FindFirstChild("three")!.GetAttributes()).toEqual({ Id: "three", Text: "3", Correct: true, Order: 2 });
		const hint = quiz.FindFirstChild("Hint2")!;
		expect(tags.HasTag(hint, HINT_TAG)).toBe(true);
		expect(hint.GetAttributes()).toEqual({ Text: "1 is not prime.", Order: 2 });
	});

	it("orders steps by Order, then by name; untagged children are not steps", () => {
		const tags = fakeTags();
		const f = folder();
		f.SetAttribute("Title", "Order");
		f.SetAttribute("SchemaVersion", 1);
		step(tags, f, "b", { Kind: "instruction", Id: "b", Text: "B", Order: 2 });
		step(tags, f, "a", { Kind: "instruction", Id: "a", Text: "A", Order: 2 });
		step(tags, f, "z", { Kind: "instruction", Id: "z", Text: "Z", Order: 1 });
		step(tags, f, "none", { Kind: "instruction", Id: "none", Text: "no order: last" });
		const notes = new Instance("Part");
		notes.SetAttribute("Kind", "instruction");
		notes.Parent = f;
		expect(readLesson(tags, f).steps.map((s) => s.id)).toEqual(["z", "a", "b", "none"]);
	});

	it("keeps the folder's other children and attributes when it rebuilds the steps", () => {
		const tags = fakeTags();
		const f = folder();
		f.SetAttribute("LessonId", "lesson-1");
		const model = new Instance("Model");
		model.Name = "NumberLine";
		model.Parent = f;
		writeLesson(tags, f, FIXTURES.ordering);
		writeLesson(tags, f, FIXTURES["one instruction"]);
		expect(f.GetAttribute("LessonId")).toBe("lesson-1");
		expect(f.FindFirstChild("NumberLine")).toBe(model);
		expect(f.FindFirstChild("order")).toBeUndefined();
		expect(readLesson(tags, f)).toEqual(FIXTURES["one instruction"]);
	});

	it("reads absent attributes as absent fields, and an empty hint list as none", () => {
		const tags = fakeTags();
		const f = folder();
		writeLesson(tags, f, {
			schemaVersion: 1,
			title: "No hints",
			steps: [{ kind: "quiz", id: "q", prompt: "?", points: 1, hints: [], question: { type: "numeric", answer: 1, tolerance: 0 } }],
		});
		const read = readLesson(tags, f);
		expect(read.steps[0]).toEqual({ kind: "quiz", id: "q", prompt: "?", points: 1, question: { type: "numeric", answer: 1, tolerance: 0 } });
	});
});
