import { describe, expect, it } from "@rbxts/jest-globals";
import type { PublishState } from "./publish";
import { createPublishPanel, showPublish } from "./publish-panel";

const CLASS_1 = "00000000-0000-4000-8000-0000000000c1";
const CLASS_2 = "00000000-0000-4000-8000-0000000000c2";

const confirming: PublishState = {
	status: "confirming",
	message: 'Publish v1.0.2 of "Fractions"? Ticked classes move to v1.0.2; the others keep their version.',
	lessonId: "00000000-0000-4000-8000-00000000000a",
	title: "Fractions",
	version: "1.0.2",
	versions: [
		{ version: "1.0.2", state: "unpublished" },
		{ version: "1.0.1", state: "current" },
	],
	classes: [
		{ classId: CLASS_1, className: "Period 1", version: "1.0.1", mine: true, move: true },
		{ classId: CLASS_2, className: "Period 2", version: "1.0.1", mine: true, move: false },
	],
	hiddenClasses: 0,
};

function texts(list: ScrollingFrame): Array<string> {
	const buttons = list.GetChildren().filter((c) => c.IsA("TextButton")) as Array<TextButton>;
	buttons.sort((a, b) => a.LayoutOrder < b.LayoutOrder);
	return buttons.map((b) => b.Text);
}

const noActions = { chooseVersion: () => {}, toggle: () => {} };

describe("publish panel", () => {
	it("shows the confirmation: the question, the versions (the chosen one marked), a toggle per class, Publish and Cancel", () => {
		const panel = createPublishPanel(new Instance("Frame"), 35);
		expect(panel.status.Visible).toBe(false);
		showPublish(panel, confirming, noActions);
		expect(panel.status.Text).toBe(confirming.message);
		expect(texts(panel.versions)).toEqual(["> v1.0.2 · not published", "v1.0.1 · published now"]);
		expect(texts(panel.classes)).toEqual(["[x] Period 1 (now v1.0.1)", "[ ] Period 2 (now v1.0.1)"]);
		expect([...panel.classTargets].map(([, classId]) => classId).sort()).toEqual([CLASS_1, CLASS_2]);
		expect(panel.confirm.Visible).toBe(true);
		expect(panel.confirm.Text).toBe("Publish v1.0.2");
	});

	it("after publishing or a refusal shows only the words, and nothing when idle", () => {
		const panel = createPublishPanel(new Instance("Frame"), 35);
		showPublish(panel, confirming, noActions);
		showPublish(panel, { status: "refused", message: "Ask a school admin." }, noActions);
		expect(panel.status.Text).toBe("Ask a school admin.");
		expect(panel.confirm.Visible).toBe(false);
		expect(panel.classes.Visible).toBe(false);
		expect(texts(panel.classes)).toEqual([]);
		showPublish(panel, { status: "idle", message: "" }, noActions);
		expect(panel.status.Visible).toBe(false);
	});
});
