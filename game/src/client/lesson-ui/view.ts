import type { AnswerPayload, ClientQuestion, ClientStep, Feedback, HintShown, Notice, StepPosition } from "shared/remotes";

/**
 * The lesson UI's logic: what each panel says and which answer a selection makes. No instances here (the ScreenGui
 * glue in ./gui only copies these into labels and buttons), so it runs under Lune as it is.
 */

export interface StepPanel {
	readonly title: string;
	readonly body: string;
	/** An instruction step waits for the student's "Next". */
	readonly showNext: boolean;
	/** A quiz step shows the question view. */
	readonly showQuestion: boolean;
}

export function stepPanel(step: ClientStep | undefined, position: StepPosition): StepPanel {
	if (step === undefined) {
		return { title: position.lessonTitle, body: "Lesson complete. Well done!", showNext: false, showQuestion: false };
	}
	const counter = `Step ${position.index + 1} of ${position.total}`;
	if (step.kind === "instruction") {
		return { title: step.title ?? counter, body: step.text, showNext: true, showQuestion: false };
	}
	if (step.kind === "checkpoint") {
		return { title: step.title ?? counter, body: step.text ?? "Find the marked spot to continue.", showNext: false, showQuestion: false };
	}
	return { title: `${counter} · ${step.points} points`, body: step.prompt, showNext: false, showQuestion: true };
}

export interface Option {
	readonly id: string;
	readonly text: string;
}

export type QuestionView =
	| { readonly input: "choices"; readonly multiple: boolean; readonly options: ReadonlyArray<Option>; readonly hint: string }
	| { readonly input: "number"; readonly unit: string; readonly hint: string }
	| { readonly input: "order"; readonly options: ReadonlyArray<Option>; readonly hint: string };

export function questionView(question: ClientQuestion): QuestionView {
	if (question.type === "numeric") {
		return { input: "number", unit: question.unit ?? "", hint: "Type a number." };
	}
	if (question.type === "ordering") {
		return { input: "order", options: question.items, hint: "Click the items in the right order." };
	}
	const multiple = question.type === "multiple_choice";
	return { input: "choices", multiple, options: question.choices, hint: multiple ? "Pick every right answer." : "Pick one answer." };
}

/** The answer a selection makes, or undefined when it is not ready to send (nothing picked, not a number). */
export function answerFrom(view: QuestionView, selected: ReadonlyArray<string>, typed: string): AnswerPayload | undefined {
	if (view.input === "number") {
		const value = tonumber(typed);
		// NaN and ±infinity both fail x - x == 0.
		if (value === undefined || value - value !== 0) return undefined;
		return { numeric: value };
	}
	if (view.input === "order") {
		// Every item placed once before the order can be sent.
		return selected.size() === view.options.size() ? { choiceIds: [...selected] } : undefined;
	}
	if (selected.size() === 0) return undefined;
	if (!view.multiple && selected.size() !== 1) return undefined;
	return { choiceIds: [...selected] };
}

/** Toggles a choice (multiple choice), replaces it (single choice), or appends / removes an item (ordering). */
export function toggle(view: QuestionView, selected: ReadonlyArray<string>, id: string): Array<string> {
	const has = selected.includes(id);
	if (view.input === "choices" && !view.multiple) return [id];
	if (has) return selected.filter((other) => other !== id);
	return [...selected, id];
}

export interface FeedbackView {
	readonly text: string;
	readonly positive: boolean;
}

export function feedbackView(feedback: Feedback): FeedbackView {
	if (feedback.timedOut === true) return { text: "Time's up. +0 points", positive: false };
	if (feedback.correct) {
		return { text: `Correct! +${feedback.points} ${feedback.points === 1 ? "point" : "points"}`, positive: true };
	}
	return { text: "Not quite. +0 points", positive: false };
}

/** Steps done out of the total, in [0, 1]. */
export function progressFraction(position: StepPosition): number {
	if (position.total <= 0) return 0;
	return math.clamp(position.index / position.total, 0, 1);
}

/** The hint button of a quiz step: shown while the question has hints left (`used` so far on this question). */
export function hintButton(step: ClientStep | undefined, used: number): { readonly visible: boolean; readonly text: string } {
	const count = step !== undefined && step.kind === "quiz" ? (step.hintCount ?? 0) : 0;
	const left = math.max(0, count - used);
	return { visible: left > 0, text: `Hint (${left} left, costs points)` };
}

/** A hint as the student reads it, with what a right answer is worth now. */
export function hintText(hint: HintShown): string {
	return `Hint ${hint.number}: ${hint.text} (a right answer now earns ${hint.pointsNow} ${hint.pointsNow === 1 ? "point" : "points"})`;
}

/** The countdown of a timed question ("0:42 left"); empty when the step has no time limit. The server decides the end. */
export function countdownText(step: ClientStep | undefined, secondsSinceShown: number): string {
	if (step === undefined || step.kind !== "quiz" || step.timeLimitSeconds === undefined) return "";
	const left = math.max(0, math.ceil(step.timeLimitSeconds - secondsSinceShown));
	return `${math.floor(left / 60)}:${string.format("%02d", left % 60)} left`;
}

/** A notice from the server (a call it could not read) as the student reads it; anything else is ignored. */
export function noticeText(notice: unknown): string | undefined {
	if (!typeIs(notice, "table")) return undefined;
	const text = (notice as Partial<Notice>).text;
	return typeIs(text, "string") && text.size() <= 200 ? text : undefined;
}
