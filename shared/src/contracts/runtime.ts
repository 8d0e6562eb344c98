import { s } from "../schema/build";
import type { Infer } from "../schema/types";
import { JoinCodeSchema } from "./classes";
import { LessonContent } from "./lessons";

/**
 * What game servers call with their API key: joining a class from the game and the lesson content to play (their
 * progress messages are in progress.ts). Students are known by Roblox UserId and a display name only (they are
 * often children: no email, no real name).
 */

const Id = s.string({ format: "uuid" });

export const ClassJoinRequest = s.object(
	{
		joinCode: JoinCodeSchema,
		robloxUserId: s.integer({ minimum: 1, description: "The student's Roblox UserId." }),
		displayName: s.string({ minLength: 1, maxLength: 40, singleLine: true, description: "The Roblox display name; never a real name." }),
	},
	{
		description: "Links the Roblox user to a student of the class's school and puts them on the roster; joining again answers the same.",
		example: { joinCode: "HKM7RTX", robloxUserId: 1234567, displayName: "BlockBuilder42" },
	},
);
export type ClassJoinRequest = Infer<typeof ClassJoinRequest>;

export const ClassJoined = s.object(
	{
		classId: Id,
		className: s.string({ minLength: 1, maxLength: 120, singleLine: true }),
		studentUserId: Id,
		robloxUserId: s.integer({ minimum: 1 }),
		alreadyMember: s.boolean({ description: "true when this student was on the roster before this call." }),
	},
	{
		example: {
			classId: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b",
			className: "Period 3 Fractions",
			studentUserId: "00000000-0000-4000-8000-000000000002",
			robloxUserId: 1234567,
			alreadyMember: false,
		},
	},
);
export type ClassJoined = Infer<typeof ClassJoined>;

/** One class a lesson version is assigned to, and where the lesson stands in that class's list. */
export const AssignedClass = s.object({
	classId: Id,
	position: s.integer({ minimum: 1, description: "The lesson's place in the class's assignment order (1: assigned first), as the teacher assigned them." }),
});
export type AssignedClass = Infer<typeof AssignedClass>;

export const ActiveLesson = s.object({
	lessonId: Id,
	version: s.string({ format: "semver", maxLength: 64, description: "The assigned lesson version (SemVer 2.0.0 without +build metadata)." }),
	content: LessonContent,
	classes: s.optional(
		s.array(AssignedClass, {
			maxItems: 1000,
			description: "The classes this version is assigned to: a student plays the lessons of their own class. Absent in release entries written before classes were carried.",
		}),
	),
});
export type ActiveLesson = Infer<typeof ActiveLesson>;

export const ActiveLessons = s.object(
	{ items: s.array(ActiveLesson, { maxItems: 1000 }) },
	{ description: "Every lesson version assigned to a class of the school that is not archived, ordered by lesson id then version, each with the classes it is assigned to." },
);
export type ActiveLessons = Infer<typeof ActiveLessons>;
