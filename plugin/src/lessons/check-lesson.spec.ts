import { describe, expect, it } from "@rbxts/jest-globals";
import { checkLesson } from "./check-lesson";
import { fakeTags } from "./fake-studio.spec-util";
import { FIXTURES } from "./fixtures.spec-util";
import { writeLesson } from "./write-lesson";

/** A lesson folder in Workspace (so full names read "Workspace.Fractions...") built from a valid fixture. */
function lessonIn(tags: ReturnType<typeof fakeTags>) {
	const folder = new Instance("Folder");
	folder.Name = "Fractions";
	writeLesson(tags, folder, FIXTURES["everything, eleven steps (Order 10 after 9)"]);
	folder.Parent = game.GetService("Workspace");
	return folder;
}

describe("checkLesson: problems listed by instance", () => {
	it("accepts every fixture", () => {
		for (const [, content] of pairs(FIXTURES)) {
			const tags = fakeTags();
			const folder = new Instance("Folder");
			writeLesson(tags, folder, content);
			const result = checkLesson(tags, folder);
			expect(result.ok).toBe(true);
			if (result.ok) expect(result.content).toEqual(content);
		}
	});

	it("ties contract problems to the instance and attribute, and reports all of them", () => {
		const tags = fakeTags();
		const folder = lessonIn(tags);
		folder.SetAttribute("Title", "");
		const quiz = folder.FindFirstChild("s4")!;
		quiz.SetAttribute("Points", "ten");
		quiz.FindFirstChild("y")!.SetAttribute("Text", undefined);
		folder.FindFirstChild("s2")!.SetAttribute("Target", undefined);
		const result = checkLesson(tags, folder);
		expect(result.ok).toBe(false);
		if (result.ok) return folder.Destroy();
		const byPath = new Map(result.problems.map((p) => [p.path, p]));
		expect(byPath.get("/title")!.instance).toBe(folder);
		expect(byPath.get("/title")!.text.find("Workspace.Fractions (Title): ", 1, true)[0]).toBe(1);
		expect(byPath.get("/steps/3/points")!.instance).toBe(quiz);
		expect(byPath.get("/steps/3/points")!.attribute).toBe("Points");
		expect(byPath.get("/steps/3/points")!.text.find("Workspace.Fractions.s4 (Points): ", 1, true)[0]).toBe(1);
		expect(byPath.get("/steps/3/question/choices/1/text")!.instance).toBe(quiz.FindFirstChild("y"));
		expect(byPath.get("/steps/3/question/choices/1/text")!.text.find("Workspace.Fractions.s4.y (Text): ", 1, true)[0]).toBe(1);
		expect(byPath.get("/steps/1/target")!.instance).toBe(folder.FindFirstChild("s2"));
		expect(result.problems.size()).toBe(4);
		folder.Destroy();
	});

	it("applies the service's semantic rules: unique ids, a correct answer, exactly one for single choice, a checkpoint tag", () => {
		const tags = fakeTags();
		const folder = lessonIn(tags);
		folder.FindFirstChild("s3")!.SetAttribute("Id", "s1");
		const single = folder.FindFirstChild("s4")!;
		single.FindFirstChild("y")!.SetAttribute("Correct", true);
		const multiple = folder.FindFirstChild("s5")!;
		for (const choice of multiple.GetChildren()) if (choice.GetAttribute("Correct") !== undefined) choice.SetAttribute("Correct", false);
		multiple.FindFirstChild("y")!.SetAttribute("Id", "x");
		folder.FindFirstChild("s8")!.SetAttribute("Target", "   ");
		const result = checkLesson(tags, folder);
		if (result.ok) throw "expected problems";
		expect(result.problems.map((p) => [p.path, p.code])).toEqual([
			["/steps/2/id", "duplicate_id"],
			["/steps/3/question/choices", "too_many_correct"],
			["/steps/4/question/choices/1/id", "duplicate_id"],
			["/steps/4/question/choices", "no_correct_answer"],
			["/steps/7/target", "blank"],
		]);
		expect(result.problems[0].instance).toBe(folder.FindFirstChild("s3"));
		expect(result.problems[0].text.find("Workspace.Fractions.s3 (Id): ", 1, true)[0]).toBe(1);
		expect(result.problems[1].instance).toBe(single);
		expect(result.problems[2].instance).toBe(multiple.FindFirstChild("y"));
		folder.Destroy();
	});

	it("reports a lesson without steps on the folder", () => {
		const tags = fakeTags();
		const folder = new Instance("Folder");
		folder.Name = "Empty";
		folder.SetAttribute("Title", "Empty");
		folder.SetAttribute("SchemaVersion", 1);
		const result = checkLesson(tags, folder);
		if (result.ok) throw "expected problems";
		expect(result.problems.size()).toBe(1);
		expect(result.problems[0].path).toBe("/steps");
		expect(result.problems[0].instance).toBe(folder);
	});
});
