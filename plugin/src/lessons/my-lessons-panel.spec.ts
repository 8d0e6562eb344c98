import { describe, expect, it } from "@rbxts/jest-globals";
import type { Lesson } from "@toolboxai/shared";
import { createMyLessonsPanel, lessonRowText, showLessons } from "./my-lessons-panel";

function lesson(title: string, latestVersion?: string, publishedVersion?: string): Lesson {
	return {
		id: "00000000-0000-4000-8000-00000000000a",
		title,
		subject: "math",
		gradeBand: "3-5",
		objectives: [],
		ownerUserId: "00000000-0000-4000-8000-000000000001",
		status: publishedVersion === undefined ? "draft" : "published",
		createdAt: "2026-11-25T14:00:00.000Z",
		updatedAt: "2026-11-25T14:00:00.000Z",
		latestVersion,
		publishedVersion,
	};
}

function rows(panel: ReturnType<typeof createMyLessonsPanel>): Array<Frame> {
	const found = panel.list.GetChildren().filter((c) => c.IsA("Frame")) as Array<Frame>;
	found.sort((a, b) => a.LayoutOrder < b.LayoutOrder);
	return found;
}

describe("my lessons panel", () => {
	it("shows one row per lesson (title, status, versions) whose Open button opens that lesson", () => {
		const panel = createMyLessonsPanel(new Instance("Frame"), 30);
		const fractions = lesson("Fractions", "1.1.0", "1.0.0");
		const draft = lesson("Decimals");
		showLessons(panel, { ok: true, lessons: [fractions, draft], truncated: false }, () => {});
		expect(panel.status.Text).toBe("2 lesson(s).");
		expect(panel.list.Visible).toBe(true);
		expect(rows(panel).map((r) => (r.FindFirstChild("Summary") as TextLabel).Text)).toEqual([
			"Fractions · published · latest v1.1.0 · published v1.0.0",
			"Decimals · draft · no version yet",
		]);
		const open = rows(panel).map((r) => r.FindFirstChild("Open") as TextButton);
		expect(open.map((b) => panel.openTargets.get(b))).toEqual([fractions, draft]);
		// Publish is offered for a lesson with a version only.
		expect(rows(panel).map((r) => r.FindFirstChild("Publish") !== undefined)).toEqual([true, false]);
		expect([...panel.publishTargets].map(([, l]) => l)).toEqual([fractions]);

		// A refresh replaces the rows.
		showLessons(panel, { ok: true, lessons: [draft], truncated: true }, () => {});
		expect(rows(panel).size()).toBe(1);
		expect(panel.openTargets.size()).toBe(1);
		expect(panel.status.Text).toBe("1 lesson(s) (the newest; there are more on the service).");
	});

	it("says so when there are no lessons, and shows a failure in plain words with no rows", () => {
		const panel = createMyLessonsPanel(new Instance("Frame"), 30);
		showLessons(panel, { ok: true, lessons: [lesson("A", "1.0.0")], truncated: false }, () => {});
		showLessons(panel, { ok: false, reason: "offline", message: "Listing your lessons failed: Cannot reach the ToolBoxAI server (x)." }, () => {});
		expect(panel.status.Text).toBe("Listing your lessons failed: Cannot reach the ToolBoxAI server (x).");
		expect(rows(panel).size()).toBe(0);
		expect(panel.list.Visible).toBe(false);
		showLessons(panel, { ok: true, lessons: [], truncated: false }, () => {});
		expect(panel.status.Text).toBe("You have no lessons yet: tag a folder ToolBoxAI.Lesson and press Upload.");
		expect(lessonRowText(lesson("B", "2.0.0"))).toBe("B · draft · latest v2.0.0");
	});
});
