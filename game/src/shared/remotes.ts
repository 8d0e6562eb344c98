import { t } from "@rbxts/t";

/**
 * The quiz remotes (ReplicatedStorage.ToolBoxAIRemotes.<name>) and what travels over them. The server creates them;
 * every argument a client sends is checked here with `t` before anything else looks at it: a client can send any
 * Luau value (NaN, huge strings, deep or cyclic tables, extra keys), and the server must stay cheap and correct.
 */
export const REMOTES_FOLDER = "ToolBoxAIRemotes";
export const REMOTE_NAMES = {
	/** server -> client: the step to show (a ClientStep), or undefined when the lesson is over. */
	step: "ToolBoxAIStep",
	/** client -> server: (stepId, AnswerPayload) for the current quiz step. */
	answer: "ToolBoxAIAnswer",
	/** client -> server: (stepId) the student read an instruction step and goes on. */
	next: "ToolBoxAINext",
	/** server -> client: Feedback once an answer is scored (or the question timed out). */
	feedback: "ToolBoxAIFeedback",
	/** client -> server: (stepId) the student asks for the current question's next hint. */
	hintRequest: "ToolBoxAIHintRequest",
	/** server -> client: a HintShown, one hint at a time (the server counts them: each costs points). */
	hint: "ToolBoxAIHint",
} as const;

export const MAX_ID_LENGTH = 64;
export const MAX_IDS = 10;

/** What a client may see of a question: never which choice is correct, the numeric answer or the item order. */
export type ClientQuestion =
	| { readonly type: "single_choice" | "multiple_choice"; readonly choices: ReadonlyArray<{ id: string; text: string }> }
	| { readonly type: "numeric"; readonly unit?: string }
	| { readonly type: "ordering"; readonly items: ReadonlyArray<{ id: string; text: string }> };

export type ClientStep =
	| { readonly kind: "instruction"; readonly id: string; readonly title?: string; readonly text: string }
	| { readonly kind: "checkpoint"; readonly id: string; readonly title?: string; readonly text?: string }
	| {
			readonly kind: "quiz";
			readonly id: string;
			readonly prompt: string;
			readonly points: number;
			readonly question: ClientQuestion;
			/** How many hints the question has; each one is sent only when asked for (see HintShown). */
			readonly hintCount?: number;
			/** The server ends the question this many seconds after showing it (a countdown for the UI). */
			readonly timeLimitSeconds?: number;
	  };

/** Sent with each step: where the student is in the lesson (for the progress bar). */
export interface StepPosition {
	readonly index: number;
	readonly total: number;
	readonly lessonTitle: string;
}

export interface Feedback {
	readonly stepId: string;
	readonly correct: boolean;
	readonly points: number;
	/** The server ended the question at its time limit. */
	readonly timedOut?: boolean;
}

/** One hint, sent when the student asked for it. */
export interface HintShown {
	readonly stepId: string;
	/** 1 for the first hint. */
	readonly number: number;
	readonly text: string;
	/** Hints still available for this question. */
	readonly remaining: number;
	/** The points a right answer is worth now. */
	readonly pointsNow: number;
}

/** A client's answer: choice / item ids (single, multiple, ordering) or a number (numeric). */
export type AnswerPayload = { readonly choiceIds: Array<string> } | { readonly numeric: number };

export const isId = (value: unknown): value is string => typeIs(value, "string") && value.size() >= 1 && value.size() <= MAX_ID_LENGTH;

/** A finite number: t.number already refuses NaN; ±inf would make every tolerance check meaningless. */
export const isFiniteNumber = (value: unknown): value is number => t.number(value) && value !== math.huge && value !== -math.huge;

/** An array of 1..MAX_IDS ids. The size is checked before t.array walks it, so a huge table costs nothing. */
export const isIdList = (value: unknown): value is Array<string> => {
	if (!typeIs(value, "table")) return false;
	// next() counts at most MAX_IDS + 1 keys, whatever the table holds.
	let count = 0;
	for (const [_] of pairs(value as object)) {
		count += 1;
		if (count > MAX_IDS) return false;
	}
	return count >= 1 && t.array(isId)(value);
};

export const isAnswerPayload: t.check<AnswerPayload> = t.union(t.strictInterface({ choiceIds: isIdList }), t.strictInterface({ numeric: isFiniteNumber }));

/** The answer remote's arguments after the player, packed ({...}): exactly (stepId, payload), nothing more. */
export function checkAnswerArgs(args: ReadonlyArray<unknown>): args is [string, AnswerPayload] {
	return args.size() === 2 && isId(args[0]) && isAnswerPayload(args[1]);
}

/** The next and hint-request remotes' arguments after the player: exactly (stepId). */
export function checkNextArgs(args: ReadonlyArray<unknown>): args is [string] {
	return args.size() === 1 && isId(args[0]);
}
