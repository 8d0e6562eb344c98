import type { Question } from "@toolboxai/shared";
import type { AnswerPayload } from "shared/remotes";

/**
 * Scores a (checked) answer against a question: all or nothing, so the points are the step's or 0.
 * A payload of the wrong shape for the question (a number for a choice question) is simply wrong.
 */
export interface Score {
	readonly correct: boolean;
	readonly points: number;
}

function idsOf(answer: AnswerPayload): ReadonlyArray<string> | undefined {
	return "choiceIds" in answer ? answer.choiceIds : undefined;
}

function isCorrect(question: Question, answer: AnswerPayload): boolean {
	if (question.type === "numeric") {
		if (!("numeric" in answer)) return false;
		// The contract's ±tolerance is inclusive: an answer exactly `tolerance` away counts.
		return math.abs(answer.numeric - question.answer) <= question.tolerance;
	}
	const ids = idsOf(answer);
	if (ids === undefined) return false;
	if (question.type === "single_choice") {
		if (ids.size() !== 1) return false;
		return question.choices.some((choice) => choice.id === ids[0] && choice.correct);
	}
	if (question.type === "multiple_choice") {
		// Exactly the correct set: a partial selection or one extra choice is wrong; repeats do not pad a set.
		const picked = new Set(ids);
		if (picked.size() !== ids.size()) return false;
		const wanted = question.choices.filter((choice) => choice.correct);
		return wanted.size() === picked.size() && wanted.every((choice) => picked.has(choice.id));
	}
	// Ordering: the items are stored in the correct order; every item, each once, in that order.
	if (ids.size() !== question.items.size()) return false;
	return question.items.every((item, index) => ids[index] === item.id);
}

/** Each hint taken takes this share of the question's points off a right answer (four hints: nothing left). */
export const HINT_COST = 0.25;

/** What a right answer is worth after `hintsUsed` hints, rounded to hundredths (never below 0). */
export function pointsAfterHints(points: number, hintsUsed: number): number {
	return math.max(0, math.floor(points * (1 - HINT_COST * hintsUsed) * 100 + 0.5) / 100);
}

export function scoreAnswer(question: Question, points: number, answer: AnswerPayload, hintsUsed = 0): Score {
	const correct = isCorrect(question, answer);
	return { correct, points: correct ? pointsAfterHints(points, hintsUsed) : 0 };
}
