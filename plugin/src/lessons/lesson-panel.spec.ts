import { describe, expect, it } from "@rbxts/jest-globals";
import { LESSON_TAG } from "./convention";
import { fakeTags } from "./fake-studio.spec-util";
import { createLessonPanel, lessonFolderOf, parseDownloadInput, showUpload } from "./lesson-panel";
import type { LessonProblem } from "./check-lesson";

describe("lesson panel", () => {
	it("lists each problem with its instance path, as a button that selects the instance", () => {
		const root = new Instance("Frame");
		const panel = createLessonPanel(root, 20);
		const step = new Instance("Configuration");
		const choice = new Instance("Configuration");
		const problems: Array<LessonProblem> = [
			{ path: "/steps/0/points", code: "too_small", message: "must be at least 0", instance: step, attribute: "Points", text: "Workspace.L.q1 (Points): must be at least 0" },
			{ path: "/steps/0/question/choices/1/text", code: "too_long", message: "is too long", instance: choice, text: "Workspace.L.q1.b (Text): is too long" },
		];
		showUpload(panel, { status: "invalid", message: "Fix 2 problem(s) before uploading.", problems }, () => {});
		expect(panel.status.Text).toBe("Fix 2 problem(s) before uploading.");
		expect(panel.problems.Visible).toBe(true);
		const rows = panel.problems.GetChildren().filter((c) => c.IsA("TextButton")) as Array<TextButton>;
		rows.sort((a, b) => a.LayoutOrder < b.LayoutOrder);
		expect(rows.map((r) => r.Text)).toEqual(["Workspace.L.q1 (Points): must be at least 0", "Workspace.L.q1.b (Text): is too long"]);
		expect(rows.map((r) => panel.problemTargets.get(r))).toEqual([step, choice]);

		// A later state replaces the list.
		showUpload(panel, { status: "uploaded", message: "Uploaded v1.0.0.", lessonId: "x", version: "1.0.0", unchanged: false }, () => {});
		expect(
			panel.problems
				.GetChildren()
				.filter((c) => c.IsA("TextButton"))
				.size(),
		).toBe(0);
		expect(panel.problems.Visible).toBe(false);
		expect(panel.status.Text).toBe("Uploaded v1.0.0.");
	});

	it("shows the first line of a failure (the problems are the buttons)", () => {
		const panel = createLessonPanel(new Instance("Frame"), 1);
		showUpload(panel, { status: "failed", message: "Uploading failed: invalid (HTTP 422)\n  a: b", problems: [] }, () => {});
		expect(panel.status.Text).toBe("Uploading failed: invalid (HTTP 422)");
	});

	it("finds the lesson folder of the selection, and reads the download box", () => {
		const tags = fakeTags();
		const folder = new Instance("Folder");
		tags.AddTag(folder, LESSON_TAG);
		const step = new Instance("Configuration");
		step.Parent = folder;
		const choice = new Instance("Configuration");
		choice.Parent = step;
		expect(lessonFolderOf(tags, choice)).toBe(folder);
		expect(lessonFolderOf(tags, folder)).toBe(folder);
		expect(lessonFolderOf(tags, new Instance("Part"))).toBeUndefined();
		expect(parseDownloadInput("  0b7c-e1 v1.0.2 ")).toEqual({ lessonId: "0b7c-e1", version: "1.0.2" });
		expect(parseDownloadInput("0b7c-e1")).toBeUndefined();
	});
	it("offers to publish the version just uploaded, and only then", () => {
		const panel = createLessonPanel(new Instance("Frame"), 20);
		expect(panel.publish.Visible).toBe(false);
		showUpload(panel, { status: "uploaded", message: "Uploaded v1.0.3.", lessonId: "00000000-0000-4000-8000-00000000000a", version: "1.0.3", unchanged: false }, () => {});
		expect(panel.publish.Visible).toBe(true);
		expect(panel.publish.Text).toBe("Publish v1.0.3...");
		showUpload(panel, { status: "offline", message: "Not connected." }, () => {});
		expect(panel.publish.Visible).toBe(false);
	});
});
