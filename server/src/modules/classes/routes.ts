import {
	Assignment,
	AssignmentCreateRequest,
	AssignmentList,
	AssignmentRemoved,
	Class,
	ClassCreateRequest,
	ClassPage,
	ClassUpdateRequest,
	JoinCode,
	JoinCodeRotateRequest,
	Roster,
	RosterStudentRemoved,
	type Infer,
} from "@toolboxai/shared";
import type { Request } from "express";
import type { AppModule } from "../../http/app-module";
import { pageQuery, pageQueryParameters } from "../../http/query-params";
import { AppError } from "../../errors/app-error";
import { defineRoute, reply } from "../../http/route";
import { pathId, userCallerOf } from "../../http/request-context";
import { assignLesson } from "./assign-lesson";
import { createClass } from "./create-class";
import { getClass } from "./get-class";
import { listAssignments } from "./list-assignments";
import { CLASS_PAGE_DEFAULT, CLASS_PAGE_MAX, listClasses, type ClassListQuery } from "./list-classes";
import { listRoster, ROSTER_PAGE_DEFAULT, ROSTER_PAGE_MAX } from "./list-roster";
import { removeStudent } from "./remove-student";
import { rotateJoinCode } from "./rotate-join-code";
import { unassignLesson } from "./unassign-lesson";
import { updateClass } from "./update-class";

function listQueryOf(req: Request): ClassListQuery {
	const { includeArchived } = req.query;
	if (includeArchived !== undefined && includeArchived !== "true" && includeArchived !== "false") throw new AppError("bad_request", "includeArchived is true or false.");
	return {
		...pageQuery(req, { defaultLimit: CLASS_PAGE_DEFAULT, maxLimit: CLASS_PAGE_MAX }),
		includeArchived: includeArchived === "true",
	};
}

const classId = (params: Readonly<Record<string, string>>) => pathId(params.classId, "class");

export const classesModule: AppModule = {
	name: "classes",
	routes: (deps) => [
		defineRoute({
			method: "post",
			path: "/v1/classes",
			operationId: "createClass",
			summary: "Create a class taught by the caller",
			description: "The class gets a join code at once (default 14 days; joinCodeExpiresInDays changes that).",
			tags: ["classes"],
			access: { kind: "user", permission: "classes:manage" },
			request: { body: ClassCreateRequest, example: { name: "Period 3 Fractions", gradeBand: "6-8", subject: "Math" } },
			response: { status: 201, body: Class, description: "The new class with its join code." },
			errors: [],
			handle: ({ req, body }) => createClass(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/classes",
			operationId: "listClasses",
			summary: "Classes, newest first",
			description: `A teacher sees the classes they teach; a tenant_admin every class of the school. Archived classes only with ?includeArchived=true. Page with ?limit= (1-${CLASS_PAGE_MAX}, default ${CLASS_PAGE_DEFAULT}) and ?cursor=.`,
			tags: ["classes"],
			access: { kind: "user", permission: "classes:read" },
			query: [
				{ name: "includeArchived", description: "true: archived classes too (default false).", schema: { type: "boolean" } },
				...pageQueryParameters({ defaultLimit: CLASS_PAGE_DEFAULT, maxLimit: CLASS_PAGE_MAX }),
			],
			response: { status: 200, body: ClassPage, description: "One page of classes." },
			errors: ["bad_request"],
			handle: ({ req }) => listClasses(deps, userCallerOf(req), listQueryOf(req)),
		}),
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId",
			operationId: "getClass",
			summary: "One class",
			tags: ["classes"],
			access: { kind: "user", permission: "classes:read" },
			response: { status: 200, body: Class, description: "The class." },
			errors: ["not_found"],
			handle: ({ req, params }) => getClass(deps, userCallerOf(req), { classId: classId(params) }),
		}),
		defineRoute({
			method: "patch",
			path: "/v1/classes/:classId",
			operationId: "updateClass",
			summary: "Rename, archive or restore a class",
			description: "Archiving keeps the roster and assignments; the join code stops working.",
			tags: ["classes"],
			access: { kind: "user", permission: "classes:manage" },
			request: { body: ClassUpdateRequest, example: { name: "Period 3 Fractions (spring)" } as Infer<typeof ClassUpdateRequest> },
			response: { status: 200, body: Class, description: "The class as it is now." },
			errors: ["not_found"],
			handle: ({ req, params, body }) => updateClass(deps, userCallerOf(req), { ...body, classId: classId(params) }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/classes/:classId/join-code",
			operationId: "rotateClassJoinCode",
			summary: "Give the class a new join code",
			description: "The previous code stops working at once; students who already joined stay in the class.",
			tags: ["classes"],
			access: { kind: "user", permission: "classes:manage" },
			request: { body: JoinCodeRotateRequest, example: { expiresInDays: 14 } },
			response: { status: 201, body: JoinCode, description: "The new code." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params, body }) => rotateJoinCode(deps, userCallerOf(req), { ...body, classId: classId(params) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId/roster",
			operationId: "getClassRoster",
			summary: "The class's students",
			description: `Display name and Roblox UserId, in the order they joined. No emails. Page with ?limit= (1-${ROSTER_PAGE_MAX}, default ${ROSTER_PAGE_DEFAULT}) and ?cursor=.`,
			tags: ["classes"],
			access: { kind: "user", permission: "classes:read" },
			query: pageQueryParameters({ defaultLimit: ROSTER_PAGE_DEFAULT, maxLimit: ROSTER_PAGE_MAX }),
			response: { status: 200, body: Roster, description: "One page of the roster." },
			errors: ["not_found", "bad_request"],
			handle: ({ req, params }) =>
				listRoster(deps, userCallerOf(req), { classId: classId(params), ...pageQuery(req, { defaultLimit: ROSTER_PAGE_DEFAULT, maxLimit: ROSTER_PAGE_MAX }) }),
		}),
		defineRoute({
			method: "delete",
			path: "/v1/classes/:classId/roster/:studentUserId",
			operationId: "removeStudentFromClass",
			summary: "Take a student off the class's roster",
			description:
				"The class's teacher or a school admin. The student stays a student of the school and their progress stays (under the school's retention and privacy rules): it no longer counts in this class's views, and a game server stops treating them as in the class when they next arrive (the resume answer's classIds). They can join again with a join code.",
			tags: ["classes"],
			access: { kind: "user", permission: "classes:manage" },
			response: { status: 200, body: RosterStudentRemoved, description: "Removed." },
			errors: ["not_found"],
			handle: ({ req, params }) => removeStudent(deps, userCallerOf(req), { classId: classId(params), studentUserId: pathId(params.studentUserId, "student") }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/classes/:classId/assignments",
			operationId: "assignLessonToClass",
			summary: "Assign a published lesson version to the class",
			description: "Only the version the lesson currently publishes; assigning the lesson again replaces its version (200).",
			tags: ["classes"],
			access: { kind: "user", permission: "classes:manage" },
			request: { body: AssignmentCreateRequest, example: { lessonId: "7d2e3b4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f", version: "1.0.0" } },
			response: { status: 201, body: Assignment, description: "The assignment (201 new, 200 when it replaced the version)." },
			otherResponses: [{ status: 200, body: Assignment, description: "The lesson was already assigned: its version is replaced." }],
			errors: ["not_found", "conflict"],
			handle: async ({ req, params, body }) => {
				const lessonId = pathId(body.lessonId, "lesson");
				const { assignment, created } = await assignLesson(deps, userCallerOf(req), { classId: classId(params), lessonId, version: body.version });
				return created ? assignment : reply(200, assignment);
			},
		}),
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId/assignments",
			operationId: "listClassAssignments",
			summary: "The lesson versions assigned to the class",
			tags: ["classes"],
			access: { kind: "user", permission: "classes:read" },
			response: { status: 200, body: AssignmentList, description: "Most recently assigned first." },
			errors: ["not_found"],
			handle: ({ req, params }) => listAssignments(deps, userCallerOf(req), { classId: classId(params) }),
		}),
		defineRoute({
			method: "delete",
			path: "/v1/classes/:classId/assignments/:lessonId",
			operationId: "unassignLessonFromClass",
			summary: "Take a lesson off the class",
			tags: ["classes"],
			access: { kind: "user", permission: "classes:manage" },
			response: { status: 200, body: AssignmentRemoved, description: "Removed." },
			errors: ["not_found"],
			handle: ({ req, params }) => unassignLesson(deps, userCallerOf(req), { classId: classId(params), lessonId: pathId(params.lessonId, "lesson") }),
		}),
	],
};
