/** Client entry: the status note, the class-code form and the lesson panel (each glue over a tested module). */
import { Players, ReplicatedStorage } from "@rbxts/services";
import { STATUS_ATTRIBUTE } from "shared/attributes";
import { startJoinGui } from "./join/gui";
import { startChooserGui } from "./lesson-ui/chooser-gui";
import { startLessonGui } from "./lesson-ui/gui";
import { statusNote } from "./status-note";

// The server shares one word about the service; the details stay on the server (its log says why).
function showStatus(label: TextLabel) {
	const status = ReplicatedStorage.GetAttribute(STATUS_ATTRIBUTE);
	const note = statusNote(status);
	label.Text = note ?? "";
	label.Visible = note !== undefined;
	if (status === "refused") warn("[ToolBoxAI] Lessons are not available in this server.");
}

task.spawn(() => {
	const gui = new Instance("ScreenGui");
	gui.Name = "ToolBoxAIStatus";
	gui.ResetOnSpawn = false;
	const label = new Instance("TextLabel");
	label.Name = "Note";
	label.Size = new UDim2(0, 360, 0, 24);
	label.Position = new UDim2(0, 20, 1, -44);
	label.TextWrapped = true;
	label.TextScaled = true;
	label.BackgroundTransparency = 0.3;
	label.Parent = gui;
	showStatus(label);
	ReplicatedStorage.GetAttributeChangedSignal(STATUS_ATTRIBUTE).Connect(() => showStatus(label));
	gui.Parent = Players.LocalPlayer.WaitForChild("PlayerGui");
});

// The class-code form (shown once the server offers joins).
task.spawn(startJoinGui);

// The lesson panel: steps, questions, feedback and progress, driven by the server's quiz remotes.
task.spawn(startLessonGui);

// The lesson chooser: the class's lessons when it has several, or why there is nothing to play.
task.spawn(startChooserGui);
