import { Players, ReplicatedStorage } from "@rbxts/services";
import { JOIN_REMOTE_NAME } from "shared/join-code";
import { createJoinForm } from "./join-form";

/** Engine glue: a small ScreenGui over the form logic in ./join-form (hidden once the student joined). */
export function startJoinGui() {
	const remote = ReplicatedStorage.WaitForChild(JOIN_REMOTE_NAME, 30) as RemoteFunction | undefined;
	if (remote === undefined) return; // the server has no key for joins: no form to show
	const form = createJoinForm();

	const gui = new Instance("ScreenGui");
	gui.Name = "ToolBoxAIJoin";
	gui.ResetOnSpawn = false;
	const frame = new Instance("Frame");
	frame.Size = new UDim2(0, 320, 0, 130);
	frame.Position = new UDim2(0.5, -160, 0, 20);
	frame.Parent = gui;
	const box = new Instance("TextBox");
	box.PlaceholderText = "Class code";
	box.Text = "";
	box.ClearTextOnFocus = false;
	box.Size = new UDim2(1, -20, 0, 36);
	box.Position = new UDim2(0, 10, 0, 10);
	box.Parent = frame;
	const button = new Instance("TextButton");
	button.Text = "Join class";
	button.Size = new UDim2(1, -20, 0, 30);
	button.Position = new UDim2(0, 10, 0, 52);
	button.Parent = frame;
	const label = new Instance("TextLabel");
	label.TextWrapped = true;
	label.BackgroundTransparency = 1;
	label.Size = new UDim2(1, -20, 0, 36);
	label.Position = new UDim2(0, 10, 0, 88);
	label.Parent = frame;

	const show = () => {
		const state = form.state();
		label.Text = state.message;
		button.Active = state.canSubmit;
		button.AutoButtonColor = state.canSubmit;
		if (state.phase === "joined") task.delay(3, () => gui.Destroy());
	};
	form.onChanged(show);
	show();
	box.GetPropertyChangedSignal("Text").Connect(() => form.setText(box.Text));
	button.Activated.Connect(() => form.submit((code) => remote.InvokeServer(code)));
	gui.Parent = Players.LocalPlayer.WaitForChild("PlayerGui");
}
