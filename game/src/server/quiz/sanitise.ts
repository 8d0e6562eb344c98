import type { LessonStep } from "@toolboxai/shared";
import type { ClientQuestion, ClientStep } from "shared/remotes";

/**
 * What a client may see of a step. Built field by field from an allow-list (never by copying and deleting), so a
 * field added to the contract later stays on the server until someone decides a client may see it.
 * Ordering items are shuffled: their stored order is the answer.
 */

/** In [0, 1) (math.random in the game; a seeded sequence in specs). */
export type Random = () => number;

/** Fisher-Yates over a copy. */
export function shuffled<T>(items: ReadonlyArray<T>, random: Random): Array<T> {
	const out = [...items];
	for (let i = out.size() - 1; i >= 1; i--) {
		const j = math.floor(random() * (i + 1));
		const swap = out[i];
		out[i] = out[j];
		out[j] = swap;
	}
	return out;
}

function clientQuestion(question: Extract<LessonStep, { kind: "quiz" }>["question"], random: Random): ClientQuestion {
	if (question.type === "numeric") return { type: "numeric", unit: question.unit };
	if (question.type === "ordering") {
		const items = question.items.map((item) => ({ id: item.id, text: item.text }));
		let out = shuffled(items, random);
		// A shuffle that lands on the stored order gives the answer away: rotate it by one instead.
		if (out.every((item, index) => item.id === items[index].id)) out = [...items.filter((_, i) => i > 0), items[0]];
		return { type: "ordering", items: out };
	}
	return { type: question.type, choices: question.choices.map((choice) => ({ id: choice.id, text: choice.text })) };
}

export function clientStep(step: LessonStep, random: Random): ClientStep {
	if (step.kind === "instruction") return { kind: "instruction", id: step.id, title: step.title, text: step.text };
	if (step.kind === "checkpoint") return { kind: "checkpoint", id: step.id, title: step.title, text: step.text };
	return {
		kind: "quiz",
		id: step.id,
		prompt: step.prompt,
		points: step.points,
		question: clientQuestion(step.question, random),
		// The hints stay here: the server hands them out one by one and counts them (each costs points).
		hintCount: step.hints === undefined || step.hints.size() === 0 ? undefined : step.hints.size(),
		timeLimitSeconds: step.timeLimitSeconds,
	};
}
