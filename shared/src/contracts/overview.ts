import { s } from "../schema/build";
import type { Infer } from "../schema/types";
import { DEPLOYMENT_STATUSES } from "./deployments";

/**
 * The first screen of a signed-in teacher or admin, in one reply: their classes (a school admin: every class of the
 * school) with students and completion at a glance, lessons published lately, the last deployment per environment,
 * and what needs attention. Each list is short and bounded; the pages behind the links hold the rest.
 */

const Id = s.string({ format: "uuid" });
const Timestamp = s.string({ format: "date-time" });
const Count = s.integer({ minimum: 0 });

export const OVERVIEW_CLASSES_MAX = 20;
export const OVERVIEW_LESSONS_MAX = 5;
export const OVERVIEW_ENVIRONMENTS_MAX = 20;
export const OVERVIEW_INVITATIONS_MAX = 10;

export const OverviewClass = s.object({
	id: Id,
	name: s.string({ maxLength: 120 }),
	teacherName: s.string({ maxLength: 200 }),
	students: Count,
	lessonsAssigned: Count,
	completions: s.integer({
		minimum: 0,
		description: "Student × assigned lesson pairs completed (out of students × lessonsAssigned): the lesson reported completed, or as many steps done as its assigned version has.",
	}),
});
export type OverviewClass = Infer<typeof OverviewClass>;

export const OverviewLesson = s.object({
	lessonId: Id,
	title: s.string({ maxLength: 120 }),
	version: s.string({ maxLength: 64 }),
	publishedAt: Timestamp,
});
export type OverviewLesson = Infer<typeof OverviewLesson>;

export const OverviewDeployment = s.object({
	environmentId: Id,
	environmentName: s.string({ maxLength: 32 }),
	last: s.optional(
		s.object({
			id: Id,
			kind: s.enumOf(["deploy", "rollback"] as const),
			status: s.enumOf(DEPLOYMENT_STATUSES),
			releaseNumber: s.integer({ minimum: 1 }),
			createdAt: Timestamp,
			finishedAt: s.optional(Timestamp),
		}),
	),
});
export type OverviewDeployment = Infer<typeof OverviewDeployment>;

export const OverviewExpiredInvitation = s.object({
	id: Id,
	email: s.string({ maxLength: 320 }),
	role: s.string({ maxLength: 32 }),
	expiredAt: Timestamp,
});
export type OverviewExpiredInvitation = Infer<typeof OverviewExpiredInvitation>;

export const Overview = s.object(
	{
		scope: s.enumOf(["school", "own"] as const, { description: "school: every class of the school (admins); own: the classes the caller teaches." }),
		classes: s.array(OverviewClass, { maxItems: OVERVIEW_CLASSES_MAX }),
		classesTotal: s.integer({ minimum: 0, description: "Active classes in scope; more than listed when past the list's bound." }),
		recentlyPublished: s.array(OverviewLesson, { maxItems: OVERVIEW_LESSONS_MAX }),
		deployments: s.array(OverviewDeployment, { maxItems: OVERVIEW_ENVIRONMENTS_MAX }),
		attention: s.object({
			failedDeployments: s.array(OverviewDeployment, {
				maxItems: OVERVIEW_ENVIRONMENTS_MAX,
				description: "Environments whose last deployment failed.",
			}),
			expiredInvitations: s.optional(
				s.array(OverviewExpiredInvitation, {
					maxItems: OVERVIEW_INVITATIONS_MAX,
					description: "Only for those who invite (admins): invitations expired in the last 30 days, neither accepted nor revoked nor sent again.",
				}),
			),
			pendingEvents: s.integer({ minimum: 0, description: "Progress events in scope stored but not counted into the summaries yet." }),
		}),
	},
	{
		example: {
			scope: "own",
			classes: [
				{
					id: "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b",
					name: "Period 3 Fractions",
					teacherName: "Ms Rivera",
					students: 24,
					lessonsAssigned: 2,
					completions: 31,
				},
			],
			classesTotal: 1,
			recentlyPublished: [{ lessonId: "3d1f5a8c-2b4e-4f6a-9c7d-1e2f3a4b5c6d", title: "Fractions on a number line", version: "1.2.0", publishedAt: "2026-11-25T14:00:00.000Z" }],
			deployments: [],
			attention: { failedDeployments: [], pendingEvents: 0 },
		},
	},
);
export type Overview = Infer<typeof Overview>;
