import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/**
 * Lesson content: what a teacher authors in Studio and students play in game. Immutable per version;
 * the plugin builds it from tagged instances, the service stores it, the game runs it.
 * The correct answers live here too: the game server keeps them, clients never receive them.
 */

const StepId = s.string({ minLength: 1, maxLength: 64, singleLine: true, description: "Unique within the lesson; progress events name steps by it." });
/** Free text: may have tabs and line breaks, never other control characters. */
const Text = (max: number) => s.string({ minLength: 1, maxLength: max });
/** A title: one line. */
const Line = (max: number) => s.string({ minLength: 1, maxLength: max, singleLine: true });

export const Choice = s.object({ id: StepId, text: Text(200), correct: s.boolean() });
export const OrderingItem = s.object({ id: StepId, text: Text(200) });

export const SingleChoiceQuestion = s.object({
	type: s.literal("single_choice"),
	choices: s.array(Choice, { minItems: 2, maxItems: 10 }),
});
export const MultipleChoiceQuestion = s.object({
	type: s.literal("multiple_choice"),
	choices: s.array(Choice, { minItems: 2, maxItems: 10 }),
});
export const NumericQuestion = s.object({
	type: s.literal("numeric"),
	answer: s.number(),
	tolerance: s.number({ minimum: 0, description: "An answer within ±tolerance counts as correct." }),
	unit: s.optional(s.string({ maxLength: 20, singleLine: true })),
});
export const OrderingQuestion = s.object({
	type: s.literal("ordering"),
	items: s.array(OrderingItem, { minItems: 2, maxItems: 10, description: "In the correct order; the game shuffles them." }),
});
export const Question = s.union("type", [SingleChoiceQuestion, MultipleChoiceQuestion, NumericQuestion, OrderingQuestion]);
export type Question = Infer<typeof Question>;

export const InstructionStep = s.object({
	kind: s.literal("instruction"),
	id: StepId,
	title: s.optional(Line(120)),
	text: Text(2000),
});
export const CheckpointStep = s.object({
	kind: s.literal("checkpoint"),
	id: StepId,
	title: s.optional(Line(120)),
	text: s.optional(Text(2000)),
	target: s.string({ minLength: 1, maxLength: 100, singleLine: true, description: "CollectionService tag of the part(s) to reach." }),
});
export const QuizStep = s.object({
	kind: s.literal("quiz"),
	id: StepId,
	prompt: Text(1000),
	question: Question,
	points: s.number({ minimum: 0, maximum: 1000 }),
	timeLimitSeconds: s.optional(s.integer({ minimum: 5, maximum: 3600 })),
	hints: s.optional(s.array(Text(500), { maxItems: 5 })),
});
export const LessonStep = s.union("kind", [InstructionStep, CheckpointStep, QuizStep]);
export type LessonStep = Infer<typeof LessonStep>;

export const LessonContent = s.object(
	{
		schemaVersion: s.literal(1),
		title: Line(120),
		steps: s.array(LessonStep, { minItems: 1, maxItems: 200 }),
	},
	{
		description: "A lesson version's content: ordered steps (instructions, checkpoints, quiz items).",
		example: {
			schemaVersion: 1,
			title: "Fractions on a number line",
			steps: [
				{ kind: "instruction", id: "intro", text: "Walk to the number line and find one half." },
				{ kind: "checkpoint", id: "reach-half", target: "HalfMarker" },
				{
					kind: "quiz",
					id: "q1",
					prompt: "Which is larger?",
					points: 10,
					question: {
						type: "single_choice",
						choices: [
							{ id: "a", text: "1/2", correct: false },
							{ id: "b", text: "3/4", correct: true },
						],
					},
				},
			],
		},
	},
);
export type LessonContent = Infer<typeof LessonContent>;
