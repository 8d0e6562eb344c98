import { Players, ReplicatedStorage } from "@rbxts/services";
import { CHOOSE_LESSON_REMOTE, LESSON_MENU_REMOTE, type LessonMenu } from "shared/lesson-menu";
import { REMOTE_NAMES, REMOTES_FOLDER } from "shared/remotes";
import { chooserView } from "./chooser";

/**
 * Engine glue for the lesson chooser: a ScreenGui listing the class's lessons (or saying why there are none). What it
 * shows comes from ./chooser (tested under Lune); this only makes instances and wires the two remotes. The server
 * checks the choice; the panel hides once a lesson is chosen, or a lesson's step arrives (a kept join went through).
 */
export function startChooserGui() {
	const folder = ReplicatedStorage.WaitForChild(REMOTES_FOLDER);
	const menuRemote = folder.WaitForChild(LESSON_MENU_REMOTE) as RemoteEvent;
	const chooseRemote = folder.WaitForChild(CHOOSE_LESSON_REMOTE) as RemoteEvent;
	const stepRemote = folder.WaitForChild(REMOTE_NAMES.step) as RemoteEvent;

	const gui = new Instance("ScreenGui");
	gui.Name = "ToolBoxAILessonChooser";
	gui.ResetOnSpawn = false;
	const panel = new Instance("Frame");
	panel.Size = new UDim2(0, 360, 0, 300);
	panel.Position = new UDim2(0.5, -180, 0.5, -150);
	panel.Visible = false;
	panel.Parent = gui;
	const layout = new Instance("UIListLayout");
	layout.Padding = new UDim(0, 6);
	layout.Parent = panel;
	gui.Parent = Players.LocalPlayer.WaitForChild("PlayerGui");

	const label = (text: string) => {
		const line = new Instance("TextLabel");
		line.Size = new UDim2(1, 0, 0, 40);
		line.TextWrapped = true;
		line.Text = text;
		line.Parent = panel;
	};

	stepRemote.OnClientEvent.Connect(() => {
		panel.Visible = false;
	});

	menuRemote.OnClientEvent.Connect((menu: LessonMenu) => {
		for (const child of panel.GetChildren()) if (!child.IsA("UIListLayout")) child.Destroy();
		const view = chooserView(menu);
		panel.Visible = true;
		if (view.kind === "message") {
			label(view.text);
			return;
		}
		label(view.heading);
		for (const row of view.rows) {
			const button = new Instance("TextButton");
			button.Size = new UDim2(1, 0, 0, 36);
			button.Text = `${row.mark === "" ? "" : `${row.mark} `}${row.title} (${row.progress})`;
			button.Parent = panel;
			button.Activated.Connect(() => {
				panel.Visible = false;
				chooseRemote.FireServer(row.lessonId);
			});
		}
	});
}
