import {
	Lesson,
	LessonClassList,
	LessonDiff,
	LessonPage,
	LessonPublished,
	LessonVersion,
	LessonVersionList,
	type LessonStatus,
	type LessonUpdateRequest,
	type LessonVersionSummary,
} from "@toolboxai/shared";
import { call } from "./client";

/** The lesson endpoints the Lessons pages use, in one place. */
const id = (value: string) => encodeURIComponent(value);
export const LESSON_PAGE_SIZE = 25;

export const LESSON_PATHS = {
	lessons: "/v1/lessons",
	lesson: (lessonId: string) => `/v1/lessons/${id(lessonId)}`,
	versions: (lessonId: string) => `/v1/lessons/${id(lessonId)}/versions`,
	version: (lessonId: string, version: string) => `/v1/lessons/${id(lessonId)}/versions/${id(version)}`,
	publish: (lessonId: string, version: string) => `/v1/lessons/${id(lessonId)}/versions/${id(version)}/publish`,
	diff: (lessonId: string) => `/v1/lessons/${id(lessonId)}/diff`,
	classes: (lessonId: string) => `/v1/lessons/${id(lessonId)}/classes`,
} as const;

export interface LessonFilters {
	readonly q?: string;
	readonly subject?: string;
	readonly gradeBand?: string;
	readonly status?: LessonStatus;
	readonly mine?: boolean;
}

/** The query string of a filtered page: only the filters given, then the page size and cursor. */
export function lessonQuery(filters: LessonFilters, cursor?: string): string {
	const query = new URLSearchParams();
	if (filters.q !== undefined && filters.q !== "") query.set("q", filters.q);
	if (filters.subject !== undefined && filters.subject !== "") query.set("subject", filters.subject);
	if (filters.gradeBand !== undefined && filters.gradeBand !== "") query.set("gradeBand", filters.gradeBand);
	if (filters.status !== undefined) query.set("status", filters.status);
	if (filters.mine === true) query.set("owner", "me");
	query.set("limit", String(LESSON_PAGE_SIZE));
	if (cursor !== undefined) query.set("cursor", cursor);
	return query.toString();
}

export function listLessons(filters: LessonFilters, cursor?: string): Promise<LessonPage> {
	return call(LessonPage, "GET", `${LESSON_PATHS.lessons}?${lessonQuery(filters, cursor)}`, { auth: true });
}

export function getLesson(lessonId: string): Promise<Lesson> {
	return call(Lesson, "GET", LESSON_PATHS.lesson(lessonId), { auth: true });
}

export function updateLesson(lessonId: string, request: LessonUpdateRequest): Promise<Lesson> {
	return call(Lesson, "PATCH", LESSON_PATHS.lesson(lessonId), { auth: true, body: request });
}

export async function listVersions(lessonId: string): Promise<LessonVersionSummary[]> {
	return (await call(LessonVersionList, "GET", LESSON_PATHS.versions(lessonId), { auth: true })).items;
}

export function getVersion(lessonId: string, version: string): Promise<LessonVersion> {
	return call(LessonVersion, "GET", LESSON_PATHS.version(lessonId, version), { auth: true });
}

export function diffVersions(lessonId: string, from: string, to: string): Promise<LessonDiff> {
	return call(LessonDiff, "GET", `${LESSON_PATHS.diff(lessonId)}?from=${id(from)}&to=${id(to)}`, { auth: true });
}

export function listLessonClasses(lessonId: string): Promise<LessonClassList> {
	return call(LessonClassList, "GET", LESSON_PATHS.classes(lessonId), { auth: true });
}

export function publishVersion(lessonId: string, version: string, moveClassIds: ReadonlyArray<string>): Promise<LessonPublished> {
	return call(LessonPublished, "POST", LESSON_PATHS.publish(lessonId, version), { auth: true, body: { moveClassIds: [...moveClassIds] } });
}
