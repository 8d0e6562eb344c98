import { ClassLessonSummaryPage, ClassProgressPage, ClassStudentProgress, LESSON_COMPLETED_DEFINITION, LessonProgressPage, StudentAnswerPage } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { pageQuery, pageQueryParameters } from "../../http/query-params";
import { pathId, userCallerOf } from "../../http/request-context";
import { defineRoute } from "../../http/route";
import { setAggregationLagSource } from "../../observability/metrics";
import { aggregationJob } from "./aggregation-job";
import { oldestPendingEventAgeSeconds } from "./pending-events";
import { classLessonProgress } from "./class-lesson-progress";
import { classLessonSummary } from "./class-lesson-summary";
import { classProgress, PROGRESS_PAGE_DEFAULT, PROGRESS_PAGE_MAX } from "./class-progress";
import { ANSWERS_PAGE_DEFAULT, ANSWERS_PAGE_MAX, classStudentAnswers } from "./class-student-answers";
import { classStudentProgress } from "./class-student-progress";

const PAGE_LIMITS = { defaultLimit: PROGRESS_PAGE_DEFAULT, maxLimit: PROGRESS_PAGE_MAX };
const ANSWER_LIMITS = { defaultLimit: ANSWERS_PAGE_DEFAULT, maxLimit: ANSWERS_PAGE_MAX };

const pending =
	"pendingEvents counts the class's events stored but not yet counted (aggregation runs as a job, a few seconds behind); poll until it is 0 for numbers that include everything sent so far.";

/**
 * Teacher views of what students did in game and the job that keeps their numbers. What game servers call
 * (ingestion, the resume point) is mounted by the runtime module and runs here, through this module's entry.
 */
export const progressModule: AppModule = {
	name: "progress",
	jobs: (deps) => {
		// The aggregation job's backlog, read at each scrape: with the job, because it is the job's lag.
		setAggregationLagSource(
			() => oldestPendingEventAgeSeconds(deps.infra.db),
			(error) => deps.logger.warn({ err: error }, "metrics: could not read the progress aggregation lag"),
		);
		return [aggregationJob(deps)];
	},
	routes: (deps) => [
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId/progress",
			operationId: "getClassProgress",
			summary: "A class's progress: per student, lesson and step",
			description: `Attempts, correct answers, points, hints, time-outs and time per student, lesson and step or question. A teacher sees the classes they teach; a school admin every class. Paged with ?limit= and ?cursor=. ${pending}`,
			tags: ["classes"],
			access: { kind: "user", permission: "progress:read" },
			query: pageQueryParameters(PAGE_LIMITS),
			response: { status: 200, body: ClassProgressPage, description: "Ordered by student, lesson and step." },
			errors: ["not_found"],
			handle: ({ req, params }) => classProgress(deps, userCallerOf(req), { classId: pathId(params.classId, "class"), ...pageQuery(req, PAGE_LIMITS) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId/progress/lessons",
			operationId: "getClassLessonProgress",
			summary: "A class's progress per student and assigned lesson",
			description: `Every student on the roster × every lesson assigned to the class: steps completed of the assigned version's steps, score (best points per question) of its maximum, completed, time. Students who have not started show zeros. Paged with ?limit= and ?cursor=. ${pending}`,
			tags: ["classes"],
			access: { kind: "user", permission: "progress:read" },
			query: pageQueryParameters(PAGE_LIMITS),
			response: { status: 200, body: LessonProgressPage, description: "Ordered by student and lesson." },
			errors: ["not_found"],
			handle: ({ req, params }) => classLessonProgress(deps, userCallerOf(req), { classId: pathId(params.classId, "class"), ...pageQuery(req, PAGE_LIMITS) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId/progress/summary",
			operationId: "getClassLessonSummary",
			summary: "A class's progress per assigned lesson: completion and average score",
			description: `Per lesson assigned to the class, over the students on the roster now: students, started, completed, completion % (completed ÷ students) and the started students' average score, from the same numbers as getClassLessonProgress. ${LESSON_COMPLETED_DEFINITION} Ordered as assigned; paged with ?limit= and ?cursor=. ${pending}`,
			tags: ["classes"],
			access: { kind: "user", permission: "progress:read" },
			query: pageQueryParameters(PAGE_LIMITS),
			response: { status: 200, body: ClassLessonSummaryPage, description: "One row per assigned lesson." },
			errors: ["not_found"],
			handle: ({ req, params }) => classLessonSummary(deps, userCallerOf(req), { classId: pathId(params.classId, "class"), ...pageQuery(req, PAGE_LIMITS) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId/students/:studentUserId/progress",
			operationId: "getClassStudentProgress",
			summary: "One student of a class: every assigned lesson",
			description: `The student must be on the class's roster (404 otherwise). Each lesson assigned to the class with the numbers the class's table shows. ${LESSON_COMPLETED_DEFINITION} ${pending}`,
			tags: ["classes"],
			access: { kind: "user", permission: "progress:read" },
			response: { status: 200, body: ClassStudentProgress, description: "The student and their lessons." },
			errors: ["not_found"],
			handle: ({ req, params }) =>
				classStudentProgress(deps, userCallerOf(req), { classId: pathId(params.classId, "class"), studentUserId: pathId(params.studentUserId, "student") }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId/students/:studentUserId/answers",
			operationId: "listClassStudentAnswers",
			summary: "One student's answers in the class's lessons, newest first",
			description:
				"Every answer the game recorded (each attempt, time-outs included) in the lessons assigned to the class, with the question and the answer in words. The student must be on the class's roster. Paged with ?limit= and ?cursor=.",
			tags: ["classes"],
			access: { kind: "user", permission: "progress:read" },
			query: pageQueryParameters(ANSWER_LIMITS),
			response: { status: 200, body: StudentAnswerPage, description: "Newest first." },
			errors: ["not_found"],
			handle: ({ req, params }) =>
				classStudentAnswers(deps, userCallerOf(req), {
					classId: pathId(params.classId, "class"),
					studentUserId: pathId(params.studentUserId, "student"),
					...pageQuery(req, ANSWER_LIMITS),
				}),
		}),
	],
};
