import {
	Lesson,
	LessonClassList,
	LessonCreateRequest,
	LessonDiff,
	LessonPage,
	LessonPublished,
	LessonPublishRequest,
	LessonUpdateRequest,
	LessonVersion,
	LessonVersionCreateRequest,
	LessonVersionList,
	LESSON_STATUSES,
	type Infer,
} from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { AppError } from "../../errors/app-error";
import { defineRoute, reply } from "../../http/route";
import { pageQuery, pageQueryParameters, queryText } from "../../http/query-params";
import { pathId, userCallerOf } from "../../http/request-context";
import { createLesson } from "./create-lesson";
import { createVersion } from "./create-version";
import { diffVersions } from "./diff-versions";
import { getLesson } from "./get-lesson";
import { getVersion } from "./get-version";
import { lessonFiltersOf } from "./lesson-query";
import { LESSON_PAGE_DEFAULT, LESSON_PAGE_MAX, listLessons } from "./list-lessons";
import { listLessonClasses } from "./list-lesson-classes";
import { listVersions } from "./list-versions";
import { publishVersion } from "./publish-version";
import { updateLesson } from "./update-lesson";

const lessonId = (params: Readonly<Record<string, string>>) => pathId(params.lessonId, "lesson");

function versionParam(params: Readonly<Record<string, string>>): string {
	const version = params.version;
	if (version === undefined || version.length > 64) throw new AppError("not_found", "No such lesson version.");
	return version;
}

export const lessonsModule: AppModule = {
	name: "lessons",
	routes: (deps) => [
		defineRoute({
			method: "post",
			path: "/v1/lessons",
			operationId: "createLesson",
			summary: "Create a lesson",
			description: "A draft lesson owned by the caller, without versions yet.",
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:write" },
			request: { body: LessonCreateRequest, example: LessonCreateRequest.example as Infer<typeof LessonCreateRequest> },
			response: { status: 201, body: Lesson, description: "The new lesson." },
			errors: [],
			handle: ({ req, body }) => createLesson(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/lessons",
			operationId: "listLessons",
			summary: "The school's lessons, newest first",
			description: `Filters: ?status= (draft, published, archived; archived ones only when asked for), ?subject=, ?gradeBand=, ?owner=me, ?q= (title contains). Page with ?limit= (1-${LESSON_PAGE_MAX}, default ${LESSON_PAGE_DEFAULT}) and ?cursor= from the previous page.`,
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:read" },
			query: [
				{ name: "status", description: "Only lessons in this state; archived ones are listed only when asked for.", schema: { type: "string", enum: [...LESSON_STATUSES] } },
				{ name: "subject", description: "Only lessons of this subject.", schema: { type: "string", maxLength: 60 } },
				{ name: "gradeBand", description: "Only lessons of this grade band (e.g. 3-5).", schema: { type: "string", maxLength: 20 } },
				{ name: "owner", description: "me: only the caller's own lessons.", schema: { type: "string", enum: ["me"] } },
				{ name: "q", description: "Only lessons whose title contains this text.", schema: { type: "string", maxLength: 120 } },
				...pageQueryParameters({ defaultLimit: LESSON_PAGE_DEFAULT, maxLimit: LESSON_PAGE_MAX }),
			],
			response: { status: 200, body: LessonPage, description: "One page of lessons." },
			errors: ["bad_request"],
			handle: ({ req }) => {
				const filters = lessonFiltersOf((name, maxLength) => queryText(req, name, maxLength));
				return listLessons(deps, userCallerOf(req), { ...filters, ...pageQuery(req, { defaultLimit: LESSON_PAGE_DEFAULT, maxLimit: LESSON_PAGE_MAX }) });
			},
		}),
		defineRoute({
			method: "get",
			path: "/v1/lessons/:lessonId",
			operationId: "getLesson",
			summary: "A lesson",
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:read" },
			response: { status: 200, body: Lesson, description: "The lesson's metadata." },
			errors: ["not_found"],
			handle: ({ req, params }) => getLesson(deps, userCallerOf(req), { lessonId: lessonId(params) }),
		}),
		defineRoute({
			method: "patch",
			path: "/v1/lessons/:lessonId",
			operationId: "updateLesson",
			summary: "Change a lesson's metadata, archive or restore it",
			description: "Teachers change their own lessons; school admins any of the school's.",
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:write" },
			request: { body: LessonUpdateRequest, example: LessonUpdateRequest.example as Infer<typeof LessonUpdateRequest> },
			response: { status: 200, body: Lesson, description: "The lesson after the change." },
			errors: ["not_found", "forbidden"],
			handle: ({ req, params, body }) => updateLesson(deps, userCallerOf(req), { ...body, lessonId: lessonId(params) }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/lessons/:lessonId/versions",
			operationId: "createLessonVersion",
			summary: "Upload a new version of a lesson's content",
			description:
				"Checks the content's shape and its semantic rules (unique ids, a correct answer per choice question, size), reporting every problem with its path. The same content as an existing version answers 200 with that version; otherwise the version must be greater than the latest (409).",
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:write" },
			request: { body: LessonVersionCreateRequest, example: LessonVersionCreateRequest.example as Infer<typeof LessonVersionCreateRequest> },
			response: { status: 201, body: LessonVersion, description: "The new version." },
			otherResponses: [{ status: 200, body: LessonVersion, description: "An existing version with the same content (nothing was created)." }],
			errors: ["not_found", "forbidden", "conflict"],
			handle: async ({ req, params, body }) => {
				const result = await createVersion(deps, userCallerOf(req), { lessonId: lessonId(params), version: body.version, content: body.content });
				return result.created ? result.version : reply(200, result.version);
			},
		}),
		defineRoute({
			method: "get",
			path: "/v1/lessons/:lessonId/versions",
			operationId: "listLessonVersions",
			summary: "A lesson's versions, highest first",
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:read" },
			response: { status: 200, body: LessonVersionList, description: "The versions, without content." },
			errors: ["not_found"],
			handle: ({ req, params }) => listVersions(deps, userCallerOf(req), { lessonId: lessonId(params) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/lessons/:lessonId/versions/:version",
			operationId: "getLessonVersion",
			summary: "One version of a lesson, with its content",
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:read" },
			response: { status: 200, body: LessonVersion, description: "The version and its content." },
			errors: ["not_found"],
			handle: ({ req, params }) => getVersion(deps, userCallerOf(req), { lessonId: lessonId(params), version: versionParam(params) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/lessons/:lessonId/diff",
			operationId: "diffLessonVersions",
			summary: "What changed between two versions",
			description: "?from=1.0.0&to=1.1.0: steps added, removed and changed (by step id, with the fields that differ).",
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:read" },
			query: [
				{ name: "from", required: true, description: "The version to compare from (e.g. 1.0.0).", schema: { type: "string", minLength: 1, maxLength: 64 } },
				{ name: "to", required: true, description: "The version to compare to (e.g. 1.1.0).", schema: { type: "string", minLength: 1, maxLength: 64 } },
			],
			response: { status: 200, body: LessonDiff, description: "The differences." },
			errors: ["not_found", "bad_request"],
			handle: ({ req, params }) => diffVersions(deps, userCallerOf(req), { lessonId: lessonId(params), from: queryText(req, "from", 64), to: queryText(req, "to", 64) }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/lessons/:lessonId/versions/:version/publish",
			operationId: "publishLessonVersion",
			summary: "Publish a version of a lesson",
			description:
				"The version becomes the lesson's published one and can be assigned to classes. Assignments pin a version: only the classes in moveClassIds (each having another version of the lesson assigned, each managed by the caller) move to it, each move audited; GET /v1/lessons/{lessonId}/classes lists the candidates. Publishing an earlier version rolls back.",
			tags: ["lessons"],
			access: { kind: "user", permission: "lessons:publish" },
			request: { body: LessonPublishRequest, example: {} },
			response: { status: 200, body: LessonPublished, description: "The published lesson and version, and the classes moved." },
			errors: ["not_found", "forbidden", "validation_failed", "conflict"],
			handle: ({ req, params, body }) =>
				publishVersion(deps, userCallerOf(req), {
					lessonId: lessonId(params),
					version: versionParam(params),
					...(body.moveClassIds === undefined ? {} : { moveClassIds: body.moveClassIds }),
				}),
		}),
		defineRoute({
			method: "get",
			path: "/v1/lessons/:lessonId/classes",
			operationId: "listLessonClasses",
			summary: "The classes that have a version of this lesson assigned",
			description:
				"Each class (not archived) with the version it is assigned: what publishing offers to move. A school admin sees every class; a teacher their own, with a count of the others.",
			tags: ["lessons"],
			access: { kind: "user", permission: "classes:read" },
			response: { status: 200, body: LessonClassList, description: "The classes, by name." },
			errors: ["not_found"],
			handle: ({ req, params }) => listLessonClasses(deps, userCallerOf(req), { lessonId: lessonId(params) }),
		}),
	],
};
