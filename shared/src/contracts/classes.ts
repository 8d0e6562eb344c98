import { s } from "../schema/build";
import type { Infer } from "../schema/types";

/**
 * Classes: a teacher's group of students, the join code students type in game, the roster, and the
 * published lesson versions assigned to the class. Students carry no email here: they are known by display name
 * and Roblox UserId.
 */

const Id = s.string({ format: "uuid" });
const Timestamp = s.string({ format: "date-time" });
const ClassName = s.string({ minLength: 1, maxLength: 120, singleLine: true });
const GradeBand = s.string({ minLength: 1, maxLength: 32, singleLine: true, description: 'Free text, e.g. "6-8" or "Year 7".' });
const Subject = s.string({ minLength: 1, maxLength: 64, singleLine: true });
const JoinCodeDays = s.integer({ minimum: 1, maximum: 180, description: "Days until the join code expires; default 14." });

/** Join codes: 7 characters, no vowels and none of 0/O, 1/I/L, 5/S, 2/Z, 8/B, 6/G, Q; case does not matter. */
export const JoinCodeSchema = s.string({ minLength: 6, maxLength: 8, singleLine: true, description: "Typed by students in game; case-insensitive." });

export const ClassCreateRequest = s.object(
	{ name: ClassName, gradeBand: s.optional(GradeBand), subject: s.optional(Subject), joinCodeExpiresInDays: s.optional(JoinCodeDays) },
	{ description: "The caller becomes the class's teacher; the class gets a join code at once.", example: { name: "Period 3 Fractions", gradeBand: "6-8", subject: "Math" } },
);
export type ClassCreateRequest = Infer<typeof ClassCreateRequest>;

export const ClassUpdateRequest = s.object(
	{ name: s.optional(ClassName), archived: s.optional(s.boolean({ description: "true archives (the join code stops working); false restores." })) },
	{ example: { name: "Period 3 Fractions (spring)" } },
);
export type ClassUpdateRequest = Infer<typeof ClassUpdateRequest>;

export const Class = s.object(
	{
		id: Id,
		name: ClassName,
		gradeBand: s.optional(GradeBand),
		subject: s.optional(Subject),
		teacherUserId: Id,
		joinCode: s.optional(JoinCodeSchema),
		joinCodeExpiresAt: s.optional(Timestamp),
		createdAt: Timestamp,
		archivedAt: s.optional(Timestamp),
	},
	{
		description: "joinCode is absent when the class is archived or its code expired (rotate for a new one).",
		example: {
			id: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b",
			name: "Period 3 Fractions",
			gradeBand: "6-8",
			subject: "Math",
			teacherUserId: "00000000-0000-4000-8000-000000000001",
			joinCode: "HKM7RTX",
			joinCodeExpiresAt: "2026-12-09T14:00:00.000Z",
			createdAt: "2026-11-25T14:00:00.000Z",
		},
	},
);
export type Class = Infer<typeof Class>;
/** The list shows the same fields as a single class. */
export const ClassSummary = Class;
export type ClassSummary = Class;

export const ClassPage = s.object({
	items: s.array(Class, { maxItems: 200 }),
	nextCursor: s.optional(s.string({ maxLength: 256, description: "Pass as ?cursor= for the next (older) page." })),
});
export type ClassPage = Infer<typeof ClassPage>;

export const JoinCodeRotateRequest = s.object({ expiresInDays: s.optional(JoinCodeDays) }, { example: { expiresInDays: 14 } });
export type JoinCodeRotateRequest = Infer<typeof JoinCodeRotateRequest>;

export const JoinCode = s.object(
	{ classId: Id, joinCode: JoinCodeSchema, expiresAt: Timestamp },
	{
		description: "The class's new code; the previous one no longer works.",
		example: { classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b", joinCode: "HKM7RTX", expiresAt: "2026-12-09T14:00:00.000Z" },
	},
);
export type JoinCode = Infer<typeof JoinCode>;

export const RosterEntry = s.object({
	userId: Id,
	displayName: s.string({ minLength: 1, maxLength: 80, singleLine: true }),
	robloxUserId: s.optional(s.integer({ minimum: 1, description: "The student's Roblox UserId, once linked." })),
	joinedAt: Timestamp,
});
export type RosterEntry = Infer<typeof RosterEntry>;
export const Roster = s.object({
	items: s.array(RosterEntry, { maxItems: 200 }),
	nextCursor: s.optional(s.string({ maxLength: 256, description: "Pass as ?cursor= for the next page; absent on the last page." })),
});
export type Roster = Infer<typeof Roster>;

const LessonVersionId = s.string({ format: "semver", maxLength: 64, description: "The lesson version's semantic version, e.g. 1.2.0 (SemVer 2.0.0 without +build metadata)." });

export const AssignmentCreateRequest = s.object(
	{ lessonId: Id, version: LessonVersionId },
	{
		description: "Assigns a published version of one of the school's lessons; assigning the lesson again replaces the version.",
		example: { lessonId: "7d2e3b4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f", version: "1.0.0" },
	},
);
export type AssignmentCreateRequest = Infer<typeof AssignmentCreateRequest>;

export const Assignment = s.object({
	classId: Id,
	lessonId: Id,
	version: LessonVersionId,
	lessonTitle: s.optional(s.string({ maxLength: 200 })),
	assignedByUserId: s.optional(Id),
	assignedAt: Timestamp,
});
export type Assignment = Infer<typeof Assignment>;
export const AssignmentList = s.object({ items: s.array(Assignment, { maxItems: 1000 }) });
export type AssignmentList = Infer<typeof AssignmentList>;
export const RosterStudentRemoved = s.object(
	{ classId: Id, studentUserId: Id, status: s.literal("removed") },
	{
		description:
			"The student is off the class's roster: the class's views no longer count them, and a game server forgets the class when they next arrive. They stay a student of the school, and their progress stays under the school's retention rules.",
	},
);
export type RosterStudentRemoved = Infer<typeof RosterStudentRemoved>;

export const AssignmentRemoved = s.object({ classId: Id, lessonId: Id, status: s.literal("removed") });
