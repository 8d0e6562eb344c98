import type { Lesson } from "@toolboxai/shared";
import { actionButton, scrollingList, statusLabel } from "../widgets";
import type { ListLessonsResult } from "./list-lessons";

/**
 * "My lessons" in the dock widget: Refresh, a status line, and one row per lesson (title, status, latest and
 * published version) with an Open button and, once it has a version, a Publish button. Engine glue; the logic is in
 * ./list-lessons, ./open-lesson and ./publish.
 */
export interface MyLessonsPanel {
	readonly refresh: TextButton;
	readonly status: TextLabel;
	readonly list: ScrollingFrame;
	/** The Open buttons on show, and the lesson each one opens. */
	readonly openTargets: Map<TextButton, Lesson>;
	/** The Publish buttons on show, and the lesson each one publishes (its latest version, another can be chosen). */
	readonly publishTargets: Map<TextButton, Lesson>;
}

export function createMyLessonsPanel(parent: Instance, firstLayoutOrder: number): MyLessonsPanel {
	const refresh = actionButton(parent, "RefreshLessons", firstLayoutOrder, "My lessons: Refresh");
	const status = statusLabel(parent, "MyLessonsStatus", firstLayoutOrder + 1, 32);
	status.Text = "Press Refresh to list your lessons.";
	const list = scrollingList(parent, "MyLessons", firstLayoutOrder + 2, 140);

	return { refresh, status, list, openTargets: new Map(), publishTargets: new Map() };
}

/** One row's words: "Fractions · draft · latest v1.0.1 · published v1.0.0" ("no version yet" before an upload). */
export function lessonRowText(lesson: Lesson): string {
	const latest = lesson.latestVersion === undefined ? "no version yet" : `latest v${lesson.latestVersion}`;
	const published = lesson.publishedVersion === undefined ? "" : ` · published v${lesson.publishedVersion}`;
	return `${lesson.title} · ${lesson.status} · ${latest}${published}`;
}

/**
 * Shows a listing: the rows replace the previous ones; `open` runs when a row's Open is pressed, `publish` when its
 * Publish is (lessons with a version only).
 */
export function showLessons(panel: MyLessonsPanel, result: ListLessonsResult, open: (lesson: Lesson) => void, publish: (lesson: Lesson) => void = () => {}): void {
	for (const child of panel.list.GetChildren()) if (child.IsA("Frame")) child.Destroy();
	panel.openTargets.clear();
	panel.publishTargets.clear();
	if (!result.ok) {
		panel.status.Text = result.message;
		panel.list.Visible = false;
		return;
	}
	const count = result.lessons.size();
	panel.status.Text =
		count === 0
			? "You have no lessons yet: tag a folder ToolBoxAI.Lesson and press Upload."
			: `${count} lesson(s)${result.truncated ? " (the newest; there are more on the service)" : ""}.`;
	result.lessons.forEach((lesson, i) => {
		const row = new Instance("Frame");
		row.Name = `Lesson${i + 1}`;
		row.LayoutOrder = i + 1;
		row.Size = new UDim2(1, 0, 0, 36);
		row.BackgroundTransparency = 1;
		const text = new Instance("TextLabel");
		text.Name = "Summary";
		text.Size = new UDim2(1, -128, 1, 0);
		text.BackgroundTransparency = 1;
		text.TextWrapped = true;
		text.TextXAlignment = Enum.TextXAlignment.Left;
		text.Text = lessonRowText(lesson);
		text.Parent = row;
		const openButton = new Instance("TextButton");
		openButton.Name = "Open";
		openButton.Position = new UDim2(1, -60, 0, 4);
		openButton.Size = new UDim2(0, 60, 0, 28);
		openButton.Text = "Open";
		// A lesson without a version has nothing to download: the button stays but says so when pressed.
		openButton.AutoButtonColor = lesson.latestVersion !== undefined;
		openButton.Activated.Connect(() => open(lesson));
		openButton.Parent = row;
		if (lesson.latestVersion !== undefined) {
			const publishButton = new Instance("TextButton");
			publishButton.Name = "Publish";
			publishButton.Position = new UDim2(1, -124, 0, 4);
			publishButton.Size = new UDim2(0, 60, 0, 28);
			publishButton.Text = "Publish";
			publishButton.Activated.Connect(() => publish(lesson));
			publishButton.Parent = row;
			panel.publishTargets.set(publishButton, lesson);
		}
		row.Parent = panel.list;
		panel.openTargets.set(openButton, lesson);
	});
	panel.list.Visible = count > 0;
}
