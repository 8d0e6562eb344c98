import { t } from "@rbxts/t";
import { AnswerSubmitted, type ArraySchema, type ObjectSchema, type OptionalSchema, StepCompleted, type StringSchema } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";

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
	/** server -> client: a Notice (a call the server could not read, progress kept while the service is away). */
	notice: "ToolBoxAINotice",
} as const;

/**
 * What a client names travels on into progress events, so the guards apply the progress contract's own rules
 * through the shared validator (length in code points, valid UTF-8, and whatever character rules the contract
 * gains), never a copy of them. The nodes are taken from the event schemas the service checks.
 */
const answerShape = AnswerSubmitted.shape;
const STEP_ID: StringSchema = answerShape.stepId as StringSchema;
const NEXT_STEP_ID: StringSchema = StepCompleted.shape.stepId as StringSchema;
const CHOICE_IDS: ArraySchema<string> = ((answerShape.answer as ObjectSchema<unknown>).shape.choiceIds as OptionalSchema<Array<string>>).inner as ArraySchema<string>;
const CHOICE_ID: StringSchema = CHOICE_IDS.item as StringSchema;

/** The contract's limit for an id, in code points (64). */
export const MAX_ID_LENGTH = STEP_ID.maxLength ?? 64;
/** A question has at most 10 choices or items (lesson contract), so an answer names at most 10. */
export const MAX_IDS = 10;
/** A UTF-8 code point takes at most 4 bytes: longer text cannot fit the contract, and is refused before any parse. */
const UTF8_MAX_BYTES = 4;

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

/** `value` as the contract's string node `schema` takes it: the byte bound first, so a huge string costs nothing. */
function fitsText(schema: StringSchema, value: unknown): value is string {
	if (!typeIs(value, "string")) return false;
	if (schema.maxLength !== undefined && value.size() > schema.maxLength * UTF8_MAX_BYTES) return false;
	return parse(schema, value).ok;
}

/** A step id as an answer names it (answer_submitted.stepId). */
export const isId = (value: unknown): value is string => fitsText(STEP_ID, value);
/** A step id as the next / hint remotes name it (step_completed.stepId). */
export const isNextStepId = (value: unknown): value is string => fitsText(NEXT_STEP_ID, value);
/** One choice or item id (answer_submitted.answer.choiceIds[i]). */
export const isChoiceId = (value: unknown): value is string => fitsText(CHOICE_ID, value);

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
	return count >= 1 && t.array(isChoiceId)(value) && parse(CHOICE_IDS, value).ok;
};

export const isAnswerPayload: t.check<AnswerPayload> = t.union(t.strictInterface({ choiceIds: isIdList }), t.strictInterface({ numeric: isFiniteNumber }));

/** The answer remote's arguments after the player, packed ({...}): exactly (stepId, payload), nothing more. */
export function checkAnswerArgs(args: ReadonlyArray<unknown>): args is [string, AnswerPayload] {
	return args.size() === 2 && isId(args[0]) && isAnswerPayload(args[1]);
}

/** The next and hint-request remotes' arguments after the player: exactly (stepId). */
export function checkNextArgs(args: ReadonlyArray<unknown>): args is [string] {
	return args.size() === 1 && isNextStepId(args[0]);
}

/** A short message for one player: why a call of theirs was not taken, or that progress is being kept. */
export interface Notice {
	readonly kind: "unreadable" | "not_saved" | "already_answered";
	readonly text: string;
}

export const UNREADABLE_NOTICE: Notice = {
	kind: "unreadable",
	text: "That answer could not be read, so it was not counted. Please try again.",
};

/** The answer could not be made final (the DataStore did not take it): not counted, the question stays open. */
export const NOT_SAVED_NOTICE: Notice = {
	kind: "not_saved",
	text: "Your answer could not be saved just now, so it was not counted. Please try again.",
};

/** The question was answered before (on this or another server): it counts once, and the lesson moves on. */
export const ALREADY_ANSWERED_NOTICE: Notice = {
	kind: "already_answered",
	text: "You already answered this question, so your first answer counts.",
};
