import { Players, ReplicatedStorage } from "@rbxts/services";
import { gameClock } from "shared/clock";
import { REMOTE_NAMES, REMOTES_FOLDER, type ClientStep, type Feedback, type HintShown, type StepPosition } from "shared/remotes";
import { answerFrom, countdownText, feedbackView, hintButton, hintText, noticeText, progressFraction, questionView, stepPanel, toggle, type QuestionView } from "./view";

/**
 * Engine glue for the lesson UI: a ScreenGui with the step panel, the question, feedback and a progress bar. What
 * it shows comes from ./view (tested under Lune); this only makes instances and wires the remotes.
 */
function make<T extends keyof CreatableInstances>(className: T, props: Partial<WritableInstanceProperties<CreatableInstances[T]>>, parent: Instance): CreatableInstances[T] {
	const instance = new Instance(className);
	for (const [key, value] of pairs(props as Record<string, unknown>)) (instance as unknown as Record<string, unknown>)[key] = value;
	instance.Parent = parent;
	return instance;
}

export function startLessonGui() {
	const folder = ReplicatedStorage.WaitForChild(REMOTES_FOLDER);
	const stepRemote = folder.WaitForChild(REMOTE_NAMES.step) as RemoteEvent;
	const feedbackRemote = folder.WaitForChild(REMOTE_NAMES.feedback) as RemoteEvent;
	const answerRemote = folder.WaitForChild(REMOTE_NAMES.answer) as RemoteEvent;
	const nextRemote = folder.WaitForChild(REMOTE_NAMES.next) as RemoteEvent;
	const hintRequestRemote = folder.WaitForChild(REMOTE_NAMES.hintRequest) as RemoteEvent;
	const hintRemote = folder.WaitForChild(REMOTE_NAMES.hint) as RemoteEvent;
	const noticeRemote = folder.WaitForChild(REMOTE_NAMES.notice) as RemoteEvent;

	const gui = make("ScreenGui", { Name: "ToolBoxAILesson", ResetOnSpawn: false }, Players.LocalPlayer.WaitForChild("PlayerGui"));
	const panel = make("Frame", { Size: new UDim2(0, 360, 0, 420), Position: new UDim2(1, -380, 0, 20) }, gui);
	make("UIListLayout", { Padding: new UDim(0, 6) }, panel);
	const bar = make("Frame", { Size: new UDim2(1, 0, 0, 8), BackgroundColor3: Color3.fromRGB(220, 220, 220) }, panel);
	const fill = make("Frame", { Size: new UDim2(0, 0, 1, 0), BackgroundColor3: Color3.fromRGB(60, 170, 90) }, bar);
	const title = make("TextLabel", { Size: new UDim2(1, 0, 0, 24), TextScaled: true }, panel);
	const body = make("TextLabel", { Size: new UDim2(1, 0, 0, 80), TextWrapped: true }, panel);
	const options = make("Frame", { Size: new UDim2(1, 0, 0, 110), BackgroundTransparency: 1 }, panel);
	make("UIListLayout", {}, options);
	const typed = make("TextBox", { Size: new UDim2(1, 0, 0, 28), Text: "", Visible: false }, panel);
	const submit = make("TextButton", { Size: new UDim2(1, 0, 0, 28), Text: "Submit", Visible: false }, panel);
	const nextButton = make("TextButton", { Size: new UDim2(1, 0, 0, 28), Text: "Next", Visible: false }, panel);
	const feedback = make("TextLabel", { Size: new UDim2(1, 0, 0, 24), Text: "" }, panel);
	const hintAsk = make("TextButton", { Size: new UDim2(1, 0, 0, 24), Text: "", Visible: false }, panel);
	const hintLabel = make("TextLabel", { Size: new UDim2(1, 0, 0, 48), Text: "", TextWrapped: true }, panel);
	const countdown = make("TextLabel", { Size: new UDim2(1, 0, 0, 20), Text: "" }, panel);

	let current: ClientStep | undefined;
	let view: QuestionView | undefined;
	let selected = new Array<string>();
	let hintsSeen = 0;
	let shownAt = gameClock();

	const renderHint = () => {
		const button = hintButton(current, hintsSeen);
		hintAsk.Visible = button.visible;
		hintAsk.Text = button.text;
	};

	const renderOptions = () => {
		options.ClearAllChildren();
		make("UIListLayout", {}, options);
		if (view === undefined || view.input === "number") return;
		for (const option of view.options) {
			const picked = selected.indexOf(option.id);
			const label = picked >= 0 ? (view.input === "order" ? `${picked + 1}. ${option.text}` : `✓ ${option.text}`) : option.text;
			const button = make("TextButton", { Size: new UDim2(1, 0, 0, 24), Text: label }, options);
			button.Activated.Connect(() => {
				if (view === undefined) return;
				selected = toggle(view, selected, option.id);
				renderOptions();
			});
		}
	};

	stepRemote.OnClientEvent.Connect((step: ClientStep | undefined, position: StepPosition) => {
		current = step;
		selected = [];
		const shown = stepPanel(step, position);
		title.Text = shown.title;
		body.Text = shown.body;
		nextButton.Visible = shown.showNext;
		view = step !== undefined && step.kind === "quiz" ? questionView(step.question) : undefined;
		typed.Visible = view !== undefined && view.input === "number";
		typed.Text = "";
		submit.Visible = shown.showQuestion;
		fill.Size = new UDim2(progressFraction(position), 0, 1, 0);
		hintsSeen = 0;
		hintLabel.Text = "";
		shownAt = gameClock();
		renderOptions();
		renderHint();
	});
	hintRemote.OnClientEvent.Connect((hint: HintShown) => {
		if (current === undefined || hint.stepId !== current.id) return;
		hintsSeen = hint.number;
		hintLabel.Text = hintText(hint);
		renderHint();
	});
	hintAsk.Activated.Connect(() => {
		if (current !== undefined && current.kind === "quiz") hintRequestRemote.FireServer(current.id);
	});
	task.spawn(() => {
		for (;;) {
			countdown.Text = countdownText(current, gameClock() - shownAt);
			task.wait(0.5);
		}
	});
	noticeRemote.OnClientEvent.Connect((notice: unknown) => {
		const text = noticeText(notice);
		if (text === undefined) return;
		feedback.Text = text;
		feedback.TextColor3 = Color3.fromRGB(190, 80, 40);
	});
	feedbackRemote.OnClientEvent.Connect((result: Feedback) => {
		const shown = feedbackView(result);
		feedback.Text = shown.text;
		feedback.TextColor3 = shown.positive ? Color3.fromRGB(40, 140, 60) : Color3.fromRGB(190, 80, 40);
	});
	submit.Activated.Connect(() => {
		if (current === undefined || view === undefined) return;
		const answer = answerFrom(view, selected, typed.Text);
		if (answer !== undefined) answerRemote.FireServer(current.id, answer);
	});
	nextButton.Activated.Connect(() => {
		if (current !== undefined && current.kind === "instruction") nextRemote.FireServer(current.id);
	});
}
