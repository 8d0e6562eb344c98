import { ClassProgressPage, LessonProgressPage, StudentProgress } from "@toolboxai/shared";
import type { Request } from "express";
import type { AppModule } from "../../http/app-module";
import { pageQuery } from "../../http/query-params";
import { AppError } from "../../http/app-error";
import { defineRoute } from "../../http/route";
import { notFound, pathId, requestTrace, userPrincipal } from "../tenancy/request-context";
import { aggregationJob, aggregationTrigger } from "./aggregation-job";
import { classLessonProgress } from "./class-lesson-progress";
import { classProgress, PROGRESS_PAGE_DEFAULT, PROGRESS_PAGE_MAX } from "./class-progress";
import { studentProgress } from "./student-progress";

const PAGE_LIMITS = { defaultLimit: PROGRESS_PAGE_DEFAULT, maxLimit: PROGRESS_PAGE_MAX };

/** A Roblox UserId in a path: a positive whole number JSON can hold exactly; anything else names nobody (404). */
function robloxUserIdOf(value: string | undefined): number {
	if (value === undefined || !/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) throw notFound("student");
	return Number(value);
}

function keyTenant(req: Request): string {
	const principal = req.principal;
	if (principal?.kind !== "api_key") throw new AppError("unauthenticated", "This operation needs an API key.");
	return principal.tenantId;
}

const pending = "pendingEvents counts the class's events stored but not yet counted (aggregation runs as a job, a few seconds behind); poll until it is 0 for numbers that include everything sent so far.";

/** Teacher views of what students did in game, the game's resume point, and the job that keeps their numbers (issue 5). */
export const progressModule: AppModule = {
	name: "progress",
	jobs: ({ infra }) => [aggregationJob(infra.db)],
	routes: ({ infra, logger }) => {
		const aggregate = aggregationTrigger(infra.queue, logger);
		const caller = (req: Request) => {
			const principal = userPrincipal(req);
			return { tenantId: principal.tenantId, userId: principal.userId, roles: principal.roles, ...requestTrace(req) };
		};
		return [
			defineRoute({
				method: "get",
				path: "/v1/classes/:classId/progress",
				operationId: "getClassProgress",
				summary: "A class's progress: per student, lesson and step",
				description: `Attempts, correct answers, points, hints, time-outs and time per student, lesson and step or question. A teacher sees the classes they teach; a school admin every class. Paged with ?limit= and ?cursor=. ${pending}`,
				tags: ["classes"],
				access: { kind: "user", permission: "progress:read" },
				response: { status: 200, body: ClassProgressPage, description: "Ordered by student, lesson and step." },
				errors: ["not_found"],
				handle: ({ req, params }) => classProgress(infra.db, caller(req), pathId(params.classId, "class"), pageQuery(req, PAGE_LIMITS), aggregate),
			}),
			defineRoute({
				method: "get",
				path: "/v1/classes/:classId/progress/lessons",
				operationId: "getClassLessonProgress",
				summary: "A class's progress per student and assigned lesson",
				description: `Every student on the roster × every lesson assigned to the class: steps completed of the assigned version's steps, score (best points per question) of its maximum, completed, time. Students who have not started show zeros. Paged with ?limit= and ?cursor=. ${pending}`,
				tags: ["classes"],
				access: { kind: "user", permission: "progress:read" },
				response: { status: 200, body: LessonProgressPage, description: "Ordered by student and lesson." },
				errors: ["not_found"],
				handle: ({ req, params }) => classLessonProgress(infra.db, caller(req), pathId(params.classId, "class"), pageQuery(req, PAGE_LIMITS), aggregate),
			}),
			defineRoute({
				method: "get",
				path: "/v1/runtime/students/:robloxUserId/progress",
				operationId: "getStudentProgressForGame",
				summary: "Where a returning student resumes",
				description: "For the game server a student (re)joins: per active lesson, the steps done and the best points per question, so the lesson continues after the last step done and no question is scored twice. Includes every event the service has stored for the student. 404 when no student of the key's school has this Roblox UserId.",
				tags: ["runtime"],
				access: { kind: "api_key", scope: "runtime:read" },
				response: { status: 200, body: StudentProgress, description: "The student's progress in the school's active lessons." },
				errors: ["not_found", "rate_limited"],
				handle: ({ req, params }) => studentProgress(infra.db, keyTenant(req), robloxUserIdOf(params.robloxUserId)),
			}),
		];
	},
};
