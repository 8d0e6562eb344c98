import { actionButton, scrollingList, statusLabel } from "../widgets";
import { classLine, type PublishState, versionLine } from "./publish";

/**
 * The publish confirmation in the dock widget: the question, one button per version (choosing one asks again for
 * that version), one toggle per class on another version, then Publish / Cancel. Hidden until a publish starts.
 * Engine glue; the logic is in ./publish.
 */
export interface PublishPanel {
	readonly status: TextLabel;
	readonly versions: ScrollingFrame;
	readonly classes: ScrollingFrame;
	readonly confirm: TextButton;
	readonly cancel: TextButton;
	/** The buttons on show: the version each chooses, the class each ticks. */
	readonly versionTargets: Map<TextButton, string>;
	readonly classTargets: Map<TextButton, string>;
}

export interface PublishActions {
	readonly chooseVersion: (version: string) => void;
	readonly toggle: (classId: string) => void;
}

export function createPublishPanel(parent: Instance, firstLayoutOrder: number): PublishPanel {
	const status = statusLabel(parent, "PublishStatus", firstLayoutOrder, 48);
	status.Visible = false;
	const versions = scrollingList(parent, "PublishVersions", firstLayoutOrder + 1, 84);
	const classes = scrollingList(parent, "PublishClasses", firstLayoutOrder + 2, 112);
	const confirm = actionButton(parent, "ConfirmPublish", firstLayoutOrder + 3, "Publish");
	const cancel = actionButton(parent, "CancelPublish", firstLayoutOrder + 4, "Cancel");
	confirm.Visible = false;
	cancel.Visible = false;
	return { status, versions, classes, confirm, cancel, versionTargets: new Map(), classTargets: new Map() };
}

function row(list: ScrollingFrame, name: string, order: number, text: string): TextButton {
	const button = new Instance("TextButton");
	button.Name = name;
	button.LayoutOrder = order;
	button.Size = new UDim2(1, 0, 0, 28);
	button.TextXAlignment = Enum.TextXAlignment.Left;
	button.TextWrapped = true;
	button.Text = text;
	button.Parent = list;
	return button;
}

/** Shows a publish state; the confirmation's buttons call `actions`. */
export function showPublish(panel: PublishPanel, state: PublishState, actions: PublishActions): void {
	for (const [old] of panel.versionTargets) old.Destroy();
	for (const [old] of panel.classTargets) old.Destroy();
	panel.versionTargets.clear();
	panel.classTargets.clear();
	panel.status.Visible = state.status !== "idle";
	panel.status.Text = state.message;
	const confirming = state.status === "confirming";
	panel.confirm.Visible = confirming;
	panel.cancel.Visible = confirming;
	panel.versions.Visible = confirming;
	panel.classes.Visible = confirming && state.classes.size() > 0;
	if (state.status !== "confirming") return;
	panel.confirm.Text = `Publish v${state.version}`;
	state.versions.forEach((choice, i) => {
		const chosen = choice.version === state.version;
		const button = row(panel.versions, `Version${i + 1}`, i + 1, `${chosen ? "> " : ""}${versionLine(choice)}`);
		button.Activated.Connect(() => actions.chooseVersion(choice.version));
		panel.versionTargets.set(button, choice.version);
	});
	state.classes.forEach((klass, i) => {
		const button = row(panel.classes, `Class${i + 1}`, i + 1, classLine(klass));
		button.Activated.Connect(() => actions.toggle(klass.classId));
		panel.classTargets.set(button, klass.classId);
	});
	if (state.hiddenClasses > 0) panel.status.Text = `${state.message} ${state.hiddenClasses} class(es) of other teachers keep their version.`;
}
