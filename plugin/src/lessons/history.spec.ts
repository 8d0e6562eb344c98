import { describe, expect, it } from "@rbxts/jest-globals";
import { fakeHistory, fakeTags } from "./fake-studio.spec-util";
import { FIXTURES } from "./fixtures.spec-util";
import { recorded } from "./history";
import { writeLesson } from "./write-lesson";

describe("recorded: every tree change is one undoable recording", () => {
	it("commits a change that completes", () => {
		const history = fakeHistory();
		const tags = fakeTags();
		const folder = new Instance("Folder");
		const result = recorded(history, "ToolBoxAI: download lesson", "Download lesson", () => writeLesson(tags, folder, FIXTURES.ordering));
		expect(result.ok).toBe(true);
		expect(history.calls).toEqual([
			{ call: "begin", name: "ToolBoxAI: download lesson", displayName: "Download lesson", id: "rec-1" },
			{ call: "finish", id: "rec-1", operation: "Commit" },
		]);
		expect(folder.GetChildren().size()).toBe(1);
	});

	it("cancels (Studio rolls back) a change that errors, and says why", () => {
		const history = fakeHistory();
		const result = recorded(history, "x", "Broken change", () => error("boom", 0));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message.find("boom", 1, true)[0] !== undefined).toBe(true);
		expect(history.calls[1]).toEqual({ call: "finish", id: "rec-1", operation: "Cancel" });
	});

	it("changes nothing when Studio refuses to record", () => {
		const history = fakeHistory(true);
		let ran = false;
		const result = recorded(history, "x", "Change", () => (ran = true));
		expect(result.ok).toBe(false);
		expect(ran).toBe(false);
		expect(history.calls.size()).toBe(1);
	});
});
