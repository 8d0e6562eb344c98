import { s } from "../schema/build";
import type { Infer } from "../schema/types";
import { ValidationIssue } from "./http";

/**
 * Every progress message: the events a game server batches to the service (POST /v1/runtime/progress/batches) and
 * the service's answer, the teachers' views of a class's progress, and where a returning student resumes.
 * Every event carries an id made where it happened, so a retried batch never counts twice.
 */

const Id = s.string({ format: "uuid" });
/** Names a lesson, step or choice as the lesson content does: one line. */
const Name = s.string({ minLength: 1, maxLength: 64, singleLine: true });

/** How far ahead of the service's clock an event may be dated: game servers' clocks drift, the future does not happen. */
export const PROGRESS_CLOCK_SKEW_SECONDS = 86400;

const common = {
	eventId: s.string({ format: "uuid", description: "Made by the game server when the event happened." }),
	robloxUserId: s.integer({ minimum: 1, description: "The student's Roblox UserId." }),
	lessonId: Name,
	occurredAt: s.string({
		format: "date-time",
		earliest: "2020-01-01T00:00:00Z",
		maxSecondsAhead: PROGRESS_CLOCK_SKEW_SECONDS,
		description: "When it happened: from 2020-01-01T00:00:00Z to one day ahead of the service's clock (the validator's `now`).",
	}),
	classId: s.optional(
		s.string({
			format: "uuid",
			description: "The class the student plays the lesson for. Without it (older game builds) the event counts for the student's class that has the lesson assigned.",
		}),
	),
	version: s.optional(s.string({ format: "semver", maxLength: 64, description: "The lesson version the student plays (the one they started)." })),
};

export const LessonStarted = s.object({ kind: s.literal("lesson_started"), ...common });
export const StepCompleted = s.object({
	kind: s.literal("step_completed"),
	...common,
	stepId: Name,
	durationMs: s.optional(s.integer({ minimum: 0, maximum: 604800000, description: "Time on the step, at most 7 days (sums of many must fit the summaries)." })),
});
export const AnswerSubmitted = s.object({
	kind: s.literal("answer_submitted"),
	...common,
	stepId: Name,
	answer: s.object({
		correct: s.boolean(),
		points: s.number({ minimum: 0, maximum: 1000 }),
		choiceIds: s.optional(s.array(Name, { maxItems: 20 })),
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

/**
 * The request body of POST /v1/runtime/progress/batches as the service checks it first: the envelope strictly, the
 * events only as a list. Each event is then checked on its own against ProgressEvent, so one malformed event is
 * reported by index and the others are still stored. Game servers build their batches as ProgressBatch.
 */
export const ProgressBatchEnvelope = s.object(
	{
		batchId: Id,
		events: s.array(s.unknown({ description: "A ProgressEvent; checked one by one." }), { minItems: 1, maxItems: 500 }),
		attributes: s.optional(s.record(s.string({ maxLength: 256 }), { maxEntries: 16 })),
	},
	{ description: "Up to 500 progress events from one game server." },
);
export type ProgressBatchEnvelope = Infer<typeof ProgressBatchEnvelope>;

export const RejectedEvent = s.object({
	index: s.integer({ minimum: 0, maximum: 499, description: "The event's position in the batch's events." }),
	issues: s.array(ValidationIssue, { minItems: 1, maxItems: 51 }),
});
export type RejectedEvent = Infer<typeof RejectedEvent>;

export const ProgressBatchResult = s.object(
	{
		batchId: Id,
		accepted: s.integer({ minimum: 0, description: "Events stored by this call." }),
		duplicates: s.integer({ minimum: 0, description: "Valid events already stored (a retry, or an overlapping batch): not counted again." }),
		rejected: s.array(RejectedEvent, { maxItems: 500, description: "Invalid events, by index; resending them will not help." }),
	},
	{
		description: "accepted + duplicates + rejected.length is the number of events sent.",
		example: { batchId: "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34", accepted: 1, duplicates: 0, rejected: [] },
	},
);
export type ProgressBatchResult = Infer<typeof ProgressBatchResult>;

export const StepProgress = s.object({
	studentUserId: Id,
	displayName: s.string({ minLength: 1, maxLength: 80 }),
	robloxUserId: s.optional(s.integer({ minimum: 1 })),
	lessonId: s.string({ minLength: 1, maxLength: 64 }),
	stepId: s.string({ minLength: 1, maxLength: 64 }),
	attempts: s.integer({ minimum: 0, description: "Answers submitted." }),
	correct: s.integer({ minimum: 0, description: "Correct answers among them." }),
	points: s.number({ minimum: 0 }),
	timeMs: s.integer({ minimum: 0, description: "Time reported by step_completed events." }),
	completed: s.boolean({ description: "A step_completed event arrived for this step." }),
	hintsUsed: s.integer({ minimum: 0, description: "Hints handed out over all answers to this question." }),
	timeouts: s.integer({ minimum: 0, description: "Answers the game server ended at the question's time limit." }),
});
export type StepProgress = Infer<typeof StepProgress>;

const PendingEvents = s.integer({
	minimum: 0,
	description: "Events of these students the service stored but has not counted yet (aggregation runs as a job, seconds behind); 0 when the numbers are up to date.",
});

export const ClassProgressPage = s.object(
	{
		items: s.array(StepProgress, { maxItems: 500 }),
		nextCursor: s.optional(s.string({ maxLength: 512, description: "Pass as ?cursor= for the next page." })),
		pendingEvents: PendingEvents,
	},
	{ description: "One row per student, lesson and step (or question), ordered by student, lesson, step." },
);
export type ClassProgressPage = Infer<typeof ClassProgressPage>;

/**
 * What "completed" means everywhere a teacher reads progress (the API's descriptions and the dashboard's text): one
 * sentence, so the words and the numbers cannot drift apart.
 */
export const LESSON_COMPLETED_DEFINITION =
	"A lesson is completed when the student has completed every step of the version assigned to the class (a question counts once it is answered or its time ran out); a low score does not stop a lesson being completed, and completing another version of the lesson does not count.";

export const LessonProgress = s.object({
	studentUserId: Id,
	displayName: s.string({ minLength: 1, maxLength: 80 }),
	robloxUserId: s.optional(s.integer({ minimum: 1 })),
	lessonId: Id,
	version: s.string({ format: "semver", maxLength: 64, description: "The lesson version assigned to the class (SemVer 2.0.0 without +build metadata)." }),
	stepsCompleted: s.integer({ minimum: 0, description: "Steps of the assigned version the student completed." }),
	totalSteps: s.integer({ minimum: 1, description: "Steps in the assigned version." }),
	score: s.number({ minimum: 0, description: "Best points per question, summed: a question answered twice (or on two servers) counts once." }),
	maxScore: s.number({ minimum: 0, description: "The points the assigned version's questions are worth." }),
	completed: s.boolean({ description: `${LESSON_COMPLETED_DEFINITION} So completed is true exactly when stepsCompleted equals totalSteps.` }),
	completedAt: s.optional(s.string({ format: "date-time", description: "When completed: the latest activity on the assigned version's steps. Absent while not completed." })),
	timeMs: s.integer({ minimum: 0, description: "Time reported by the lesson's step_completed events." }),
	lastSeenAt: s.optional(s.string({ format: "date-time", description: "The student's latest event in this lesson; absent before they start." })),
});
export type LessonProgress = Infer<typeof LessonProgress>;

export const LessonProgressPage = s.object(
	{
		items: s.array(LessonProgress, { maxItems: 500 }),
		nextCursor: s.optional(s.string({ maxLength: 512, description: "Pass as ?cursor= for the next page." })),
		pendingEvents: PendingEvents,
	},
	{ description: "One row per student on the roster and lesson assigned to the class (students who have not started show zeros), ordered by student, lesson." },
);
export type LessonProgressPage = Infer<typeof LessonProgressPage>;

export const ClassLessonSummary = s.object({
	lessonId: Id,
	lessonTitle: s.string({ minLength: 1, maxLength: 200, description: "The assigned version's title." }),
	version: s.string({ format: "semver", maxLength: 64, description: "The lesson version assigned to the class." }),
	totalSteps: s.integer({ minimum: 1, description: "Steps in the assigned version." }),
	maxScore: s.number({ minimum: 0, description: "The points the assigned version's questions are worth." }),
	students: s.integer({ minimum: 0, description: "Students on the roster." }),
	started: s.integer({ minimum: 0, description: "Students on the roster with any progress in the lesson." }),
	completed: s.integer({ minimum: 0, description: "Students on the roster who completed the lesson (see completionPercent)." }),
	completionPercent: s.number({
		minimum: 0,
		maximum: 100,
		description: `completed ÷ students × 100, rounded to one decimal (0 with no students). ${LESSON_COMPLETED_DEFINITION}`,
	}),
	averageScore: s.number({
		minimum: 0,
		description: "The mean of the started students' scores (best points per question, summed), rounded to one decimal; 0 when nobody started.",
	}),
	averageScorePercent: s.number({ minimum: 0, maximum: 100, description: "averageScore ÷ maxScore × 100, rounded to one decimal (0 when the lesson has no points)." }),
});
export type ClassLessonSummary = Infer<typeof ClassLessonSummary>;

export const ClassLessonSummaryPage = s.object(
	{
		items: s.array(ClassLessonSummary, { maxItems: 500 }),
		nextCursor: s.optional(s.string({ maxLength: 512, description: "Pass as ?cursor= for the next page." })),
		pendingEvents: PendingEvents,
	},
	{ description: "One row per lesson assigned to the class, ordered by lesson title and id, measured over the students on the roster now." },
);
export type ClassLessonSummaryPage = Infer<typeof ClassLessonSummaryPage>;

export const ClassStudentProgress = s.object(
	{
		studentUserId: Id,
		displayName: s.string({ minLength: 1, maxLength: 80 }),
		robloxUserId: s.optional(s.integer({ minimum: 1 })),
		joinedAt: s.string({ format: "date-time", description: "When the student joined the class." }),
		lessons: s.array(LessonProgress, { maxItems: 500, description: "Every lesson assigned to the class, measured against its assigned version." }),
		pendingEvents: PendingEvents,
	},
	{ description: "One student of a class: every lesson assigned to the class, with steps, score and completed as the class's table shows them." },
);
export type ClassStudentProgress = Infer<typeof ClassStudentProgress>;

export const StudentAnswer = s.object({
	eventId: s.string({ format: "uuid", description: "The answer's progress event, as the game server made it." }),
	lessonId: s.string({ minLength: 1, maxLength: 64 }),
	version: s.optional(s.string({ maxLength: 64, description: "The lesson version the student played, when the game said (or the class's at the time)." })),
	stepId: s.string({ minLength: 1, maxLength: 64 }),
	prompt: s.optional(s.string({ maxLength: 2000, description: "The question as that version asks it, when the version is known." })),
	answer: s.optional(
		s.string({ maxLength: 4000, description: "What the student answered, in words: the chosen choices' text, or the number. Absent when the question timed out unanswered." }),
	),
	correct: s.boolean(),
	points: s.number({ minimum: 0 }),
	hintsUsed: s.integer({ minimum: 0 }),
	timedOut: s.boolean({ description: "The game server ended the question at its time limit." }),
	occurredAt: s.string({ format: "date-time" }),
});
export type StudentAnswer = Infer<typeof StudentAnswer>;

export const StudentAnswerPage = s.object(
	{
		items: s.array(StudentAnswer, { maxItems: 500 }),
		nextCursor: s.optional(s.string({ maxLength: 512, description: "Pass as ?cursor= for the next page." })),
	},
	{ description: "A student's answers in the lessons assigned to the class, newest first." },
);
export type StudentAnswerPage = Infer<typeof StudentAnswerPage>;

export const StudentStepProgress = s.object({
	stepId: s.string({ minLength: 1, maxLength: 64 }),
	completed: s.boolean(),
	answered: s.boolean({ description: "An answer (or a time-out) was recorded: the question is done, its points given." }),
	points: s.number({ minimum: 0, description: "The best points of the answers to this question." }),
});
export type StudentStepProgress = Infer<typeof StudentStepProgress>;

export const StudentLessonProgress = s.object({
	lessonId: s.string({ minLength: 1, maxLength: 64 }),
	score: s.number({ minimum: 0 }),
	completed: s.boolean({ description: "The game reported the lesson completed." }),
	steps: s.array(StudentStepProgress, { maxItems: 200 }),
});
export type StudentLessonProgress = Infer<typeof StudentLessonProgress>;

export const StudentProgress = s.object(
	{
		robloxUserId: s.integer({ minimum: 1 }),
		lessons: s.array(StudentLessonProgress, { maxItems: 1000, description: "The active lessons the student has progress in." }),
		classIds: s.optional(
			s.array(Id, {
				maxItems: 1000,
				description:
					"The classes (not archived) whose roster the student is on now. A game server that remembers another class for them (a teacher removed them from it) forgets it. Absent from older services.",
			}),
		),
	},
	{
		description: "Where a student is in the school's active lessons, for a game server to resume them (GET /v1/runtime/students/{robloxUserId}/progress).",
		example: {
			robloxUserId: 1234567,
			lessons: [
				{
					lessonId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b",
					score: 10,
					completed: false,
					steps: [
						{ stepId: "intro", completed: true, answered: false, points: 0 },
						{ stepId: "q1", completed: true, answered: true, points: 10 },
					],
				},
			],
		},
	},
);
export type StudentProgress = Infer<typeof StudentProgress>;
