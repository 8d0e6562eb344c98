/** Client entry: tells the player's output when the server refused the ToolBoxAI service (lessons UI comes later). */
import { ReplicatedStorage } from "@rbxts/services";
import { STATUS_ATTRIBUTE, STATUS_MESSAGE_ATTRIBUTE } from "shared/attributes";
import { startJoinGui } from "./join/gui";
import { startLessonGui } from "./lesson-ui/gui";

function report() {
	if (ReplicatedStorage.GetAttribute(STATUS_ATTRIBUTE) === "refused") {
		warn(`[ToolBoxAI] Lessons are not available in this server: ${ReplicatedStorage.GetAttribute(STATUS_MESSAGE_ATTRIBUTE)}`);
	}
}

report();
ReplicatedStorage.GetAttributeChangedSignal(STATUS_ATTRIBUTE).Connect(report);

// The class-code form (shown once the server offers joins).
task.spawn(startJoinGui);

// The lesson panel: steps, questions, feedback and progress, driven by the server's quiz remotes.
task.spawn(startLessonGui);
