import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/**
 * Progress events a game server batches to the service (POST /v1/runtime/progress/batches).
 * Every event carries an id made where it happened, so a retried batch never counts twice.
 */
const common = {
	eventId: s.string({ format: "uuid", description: "Made by the game server when the event happened." }),
	robloxUserId: s.integer({ minimum: 1, description: "The student's Roblox UserId." }),
	lessonId: s.string({ minLength: 1, maxLength: 64 }),
	occurredAt: s.string({ format: "date-time" }),
};

export const LessonStarted = s.object({ kind: s.literal("lesson_started"), ...common });
export const StepCompleted = s.object({
	kind: s.literal("step_completed"),
	...common,
	stepId: s.string({ minLength: 1, maxLength: 64 }),
	durationMs: s.optional(s.integer({ minimum: 0 })),
});
export const AnswerSubmitted = s.object({
	kind: s.literal("answer_submitted"),
	...common,
	stepId: s.string({ minLength: 1, maxLength: 64 }),
	answer: s.object({
		correct: s.boolean(),
		points: s.number({ minimum: 0, maximum: 1000 }),
		choiceIds: s.optional(s.array(s.string({ minLength: 1, maxLength: 64 }), { maxItems: 20 })),
		numeric: s.optional(s.number()),
	}),
	hintsUsed: s.optional(s.integer({ minimum: 0, maximum: 10, description: "Hints the game server handed out for this question before the answer." })),
	timedOut: s.optional(s.boolean({ description: "true when the game server ended the question at its time limit (no answer, or one too late): never correct." })),
});
export const LessonCompleted = s.object({
	kind: s.literal("lesson_completed"),
	...common,
	score: s.number({ minimum: 0 }),
});

export const ProgressEvent = s.union("kind", [LessonStarted, StepCompleted, AnswerSubmitted, LessonCompleted]);
export type ProgressEvent = Infer<typeof ProgressEvent>;

export const ProgressBatch = s.object(
	{
		batchId: s.string({ format: "uuid" }),
		events: s.array(ProgressEvent, { minItems: 1, maxItems: 500 }),
		attributes: s.optional(s.record(s.string({ maxLength: 256 }), { maxEntries: 16 })),
	},
	{
		description: "Up to 500 progress events from one game server.",
		example: {
			batchId: "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34",
			events: [
				{
					kind: "lesson_started",
					eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e",
					robloxUserId: 1234567,
					lessonId: "fractions-1",
					occurredAt: "2026-11-25T13:09:16.123Z",
				},
			],
		},
	},
);
export type ProgressBatch = Infer<typeof ProgressBatch>;
