import {
	Assignment,
	AssignmentList,
	AssignmentRemoved,
	Class,
	ClassLessonSummaryPage,
	ClassPage,
	ClassProgressPage,
	ClassStudentProgress,
	JoinCode,
	LessonPage,
	LessonProgressPage,
	LessonVersionList,
	Roster,
	RosterStudentRemoved,
	StudentAnswerPage,
	type ClassCreateRequest,
	type ClassUpdateRequest,
	type Lesson,
	type LessonVersionSummary,
	type RosterEntry,
} from "@toolboxai/shared";
import { allPages } from "./all-pages";
import { call } from "./client";

/** The class and progress endpoints the Classes pages use, in one place. */
const id = (value: string) => encodeURIComponent(value);
const page = (path: string, cursor: string | undefined, extra = "") => `${path}?limit=${PAGE_SIZE}${extra}${cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
const PAGE_SIZE = 50;

export const CLASS_PATHS = {
	classes: "/v1/classes",
	klass: (classId: string) => `/v1/classes/${id(classId)}`,
	joinCode: (classId: string) => `/v1/classes/${id(classId)}/join-code`,
	roster: (classId: string) => `/v1/classes/${id(classId)}/roster`,
	assignments: (classId: string) => `/v1/classes/${id(classId)}/assignments`,
	assignment: (classId: string, lessonId: string) => `/v1/classes/${id(classId)}/assignments/${id(lessonId)}`,
	stepProgress: (classId: string) => `/v1/classes/${id(classId)}/progress`,
	lessonProgress: (classId: string) => `/v1/classes/${id(classId)}/progress/lessons`,
	lessonSummary: (classId: string) => `/v1/classes/${id(classId)}/progress/summary`,
	rosterStudent: (classId: string, studentUserId: string) => `/v1/classes/${id(classId)}/roster/${id(studentUserId)}`,
	studentProgress: (classId: string, studentUserId: string) => `/v1/classes/${id(classId)}/students/${id(studentUserId)}/progress`,
	studentAnswers: (classId: string, studentUserId: string) => `/v1/classes/${id(classId)}/students/${id(studentUserId)}/answers`,
} as const;

export function listClasses(includeArchived: boolean, cursor?: string): Promise<ClassPage> {
	return call(ClassPage, "GET", page(CLASS_PATHS.classes, cursor, includeArchived ? "&includeArchived=true" : ""), { auth: true });
}

export function getClass(classId: string): Promise<Class> {
	return call(Class, "GET", CLASS_PATHS.klass(classId), { auth: true });
}

export function createClass(request: ClassCreateRequest): Promise<Class> {
	return call(Class, "POST", CLASS_PATHS.classes, { auth: true, body: request });
}

export function updateClass(classId: string, request: ClassUpdateRequest): Promise<Class> {
	return call(Class, "PATCH", CLASS_PATHS.klass(classId), { auth: true, body: request });
}

export function rotateJoinCode(classId: string): Promise<JoinCode> {
	return call(JoinCode, "POST", CLASS_PATHS.joinCode(classId), { auth: true, body: {} });
}

/** The whole roster (the service pages it; a class is a few pages at most). */
export function listRoster(classId: string): Promise<RosterEntry[]> {
	return allPages((cursor) => call(Roster, "GET", page(CLASS_PATHS.roster(classId), cursor), { auth: true }));
}

export async function listAssignments(classId: string): Promise<Assignment[]> {
	return (await call(AssignmentList, "GET", CLASS_PATHS.assignments(classId), { auth: true })).items;
}

export function assignLesson(classId: string, lessonId: string, version: string): Promise<Assignment> {
	return call(Assignment, "POST", CLASS_PATHS.assignments(classId), { auth: true, body: { lessonId, version } });
}

export async function unassignLesson(classId: string, lessonId: string): Promise<void> {
	await call(AssignmentRemoved, "DELETE", CLASS_PATHS.assignment(classId, lessonId), { auth: true });
}

/** Published lessons, the only ones a class can be given (first 100: enough for a picker). */
export async function listPublishedLessons(): Promise<Lesson[]> {
	return (await call(LessonPage, "GET", "/v1/lessons?status=published&limit=100", { auth: true })).items;
}

export async function listLessonVersions(lessonId: string): Promise<LessonVersionSummary[]> {
	return (await call(LessonVersionList, "GET", `/v1/lessons/${id(lessonId)}/versions`, { auth: true })).items;
}

export function lessonProgress(classId: string, cursor?: string): Promise<LessonProgressPage> {
	return call(LessonProgressPage, "GET", page(CLASS_PATHS.lessonProgress(classId), cursor), { auth: true });
}

export function stepProgress(classId: string, cursor?: string): Promise<ClassProgressPage> {
	return call(ClassProgressPage, "GET", page(CLASS_PATHS.stepProgress(classId), cursor), { auth: true });
}

/** Every assigned lesson's summary: a class has few assignments, so the pages are followed to the end. */
export async function lessonSummary(classId: string): Promise<ClassLessonSummaryPage> {
	const first = await call(ClassLessonSummaryPage, "GET", page(CLASS_PATHS.lessonSummary(classId), undefined), { auth: true });
	const items = [...first.items];
	let cursor = first.nextCursor;
	while (cursor !== undefined) {
		const next = await call(ClassLessonSummaryPage, "GET", page(CLASS_PATHS.lessonSummary(classId), cursor), { auth: true });
		items.push(...next.items);
		cursor = next.nextCursor;
	}
	return { items, pendingEvents: first.pendingEvents };
}

export async function removeStudent(classId: string, studentUserId: string): Promise<void> {
	await call(RosterStudentRemoved, "DELETE", CLASS_PATHS.rosterStudent(classId, studentUserId), { auth: true });
}

export function studentProgress(classId: string, studentUserId: string): Promise<ClassStudentProgress> {
	return call(ClassStudentProgress, "GET", CLASS_PATHS.studentProgress(classId, studentUserId), { auth: true });
}

export function studentAnswers(classId: string, studentUserId: string, cursor?: string): Promise<StudentAnswerPage> {
	return call(StudentAnswerPage, "GET", page(CLASS_PATHS.studentAnswers(classId, studentUserId), cursor), { auth: true });
}
