import { actionButton, scrollingList, statusLabel } from "../widgets";
import { LESSON_TAG, type Tags } from "./convention";
import type { UploadState } from "./upload";

/**
 * The lessons part of the dock widget: Upload (the selected lesson folder), the upload state in plain words, one
 * button per problem (its instance path and message; clicking selects the instance), and a box + button to
 * download "<lesson id> <version>" into a new folder. Engine glue; the logic is in ./upload and ./download.
 */
export interface LessonPanel {
	readonly upload: TextButton;
	readonly status: TextLabel;
	readonly problems: ScrollingFrame;
	readonly downloadBox: TextBox;
	readonly download: TextButton;
	/** Shown after an upload: publishes the version just uploaded (after the confirmation). */
	readonly publish: TextButton;
	/** The problem buttons on show, and the instance each one selects. */
	readonly problemTargets: Map<TextButton, Instance>;
}

export function createLessonPanel(parent: Instance, firstLayoutOrder: number): LessonPanel {
	const upload = actionButton(parent, "UploadLesson", firstLayoutOrder, "Upload selected lesson");
	const status = statusLabel(parent, "LessonStatus", firstLayoutOrder + 1, 48);
	status.Text = "Select a lesson folder (tagged ToolBoxAI.Lesson) and press Upload.";

	const problems = scrollingList(parent, "LessonProblems", firstLayoutOrder + 2, 120);

	const downloadBox = new Instance("TextBox");
	downloadBox.Name = "DownloadVersion";
	downloadBox.LayoutOrder = firstLayoutOrder + 3;
	downloadBox.Size = new UDim2(1, 0, 0, 28);
	downloadBox.ClearTextOnFocus = false;
	downloadBox.PlaceholderText = "Lesson id and version, e.g. 0b7c...e1 1.0.2";
	downloadBox.Text = "";
	downloadBox.Parent = parent;
	const download = actionButton(parent, "DownloadLesson", firstLayoutOrder + 4, "Download into a new folder");
	const publish = actionButton(parent, "PublishUploaded", firstLayoutOrder + 5, "Publish");
	publish.Visible = false;

	return { upload, status, problems, downloadBox, download, publish, problemTargets: new Map() };
}

const COLOURS: Record<UploadState["status"], Color3> = {
	offline: Color3.fromRGB(220, 80, 70),
	incompatible: Color3.fromRGB(220, 80, 70),
	signed_out: Color3.fromRGB(150, 150, 150),
	invalid: Color3.fromRGB(230, 160, 40),
	uploading: Color3.fromRGB(150, 150, 150),
	uploaded: Color3.fromRGB(60, 170, 90),
	failed: Color3.fromRGB(220, 80, 70),
};

/** Shows an upload state; `selectInstance` runs when a problem is clicked (Selection:Set in Studio). */
export function showUpload(panel: LessonPanel, state: UploadState, selectInstance: (instance: Instance) => void): void {
	// The failure message already lists the problems; the buttons are the clickable form of that list.
	const [firstLine] = state.message.match("^[^\n]*");
	panel.status.Text = state.status === "failed" ? (firstLine as string) : state.message;
	panel.status.TextColor3 = COLOURS[state.status];
	for (const [old] of panel.problemTargets) old.Destroy();
	panel.problemTargets.clear();
	const problems = state.status === "invalid" || state.status === "failed" ? state.problems : [];
	problems.forEach((problem, i) => {
		const row = new Instance("TextButton");
		row.Name = `Problem${i + 1}`;
		row.LayoutOrder = i + 1;
		row.Size = new UDim2(1, 0, 0, 36);
		row.TextWrapped = true;
		row.TextXAlignment = Enum.TextXAlignment.Left;
		row.Text = problem.text;
		row.Activated.Connect(() => selectInstance(problem.instance));
		row.Parent = panel.problems;
		panel.problemTargets.set(row, problem.instance);
	});
	panel.problems.Visible = problems.size() > 0;
	panel.upload.AutoButtonColor = state.status !== "uploading";
	panel.publish.Visible = state.status === "uploaded";
	if (state.status === "uploaded") panel.publish.Text = `Publish v${state.version}...`;
}

/** The lesson folder an instance belongs to: itself or its nearest ancestor tagged ToolBoxAI.Lesson. */
export function lessonFolderOf(tags: Tags, instance: Instance | undefined): Instance | undefined {
	let at = instance;
	while (at !== undefined) {
		if (tags.HasTag(at, LESSON_TAG)) return at;
		at = at.Parent;
	}
	return undefined;
}

/** "<lesson id> <version>" from the download box; undefined when it is not that. */
export function parseDownloadInput(text: string): { lessonId: string; version: string } | undefined {
	const [lessonId, version] = text.match("^%s*([%w%-]+)%s+v?(%d+%.%d+%.%d+[%w%.%-]*)%s*$");
	if (!typeIs(lessonId, "string") || !typeIs(version, "string")) return undefined;
	return { lessonId, version };
}
