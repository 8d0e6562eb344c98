import { StudentProgress } from "@toolboxai/shared";
import { readUserRecord } from "../players/user-record";
import type { DataStoreAccess } from "../progress/datastore-calls";
import type { ServiceClient } from "../service-client";
import type { ResumePoint } from "./session";

/**
 * Where a (re)joining student continues: the service's summary of what earlier servers delivered
 * (GET /v1/runtime/students/:robloxUserId/progress, runtime:read). Steps completed and questions answered are done:
 * the session skips them and never scores them again.
 *
 * A failure is retried a few times; after that the student starts from the beginning rather than waiting forever.
 * That costs nothing in the teacher's numbers: a lesson's score counts each question's best answer once.
 */
export const studentProgressPath = (robloxUserId: number) => `/v1/runtime/students/${robloxUserId}/progress`;

export interface ResumeDeps {
	readonly client: ServiceClient;
	readonly warn: (line: string) => void;
	/** Waits between tries (task.wait in the game). */
	readonly sleep: (seconds: number) => void;
	/** Tries in all (default 3). */
	readonly tries?: number;
}

/** Pure: the resume point of one lesson in the service's answer (undefined: nothing done yet). */
export function resumePointOf(progress: StudentProgress, lessonId: string): ResumePoint | undefined {
	const lesson = progress.lessons.find((candidate) => candidate.lessonId === lessonId);
	if (lesson === undefined) return undefined;
	const doneStepIds = lesson.steps.filter((step) => step.completed || step.answered).map((step) => step.stepId);
	return { doneStepIds, score: lesson.score, completed: lesson.completed };
}

export function fetchResumePoint(deps: ResumeDeps, robloxUserId: number, lessonId: string): ResumePoint | undefined {
	const progress = fetchStudentProgress(deps, robloxUserId);
	return progress === undefined ? undefined : resumePointOf(progress, lessonId);
}

/** The service's word on every lesson of the student (undefined: nothing known, e.g. they just joined). */
export function fetchStudentProgress(deps: ResumeDeps, robloxUserId: number): StudentProgress | undefined {
	const tries = deps.tries ?? 3;
	for (let attempt = 1; attempt <= tries; attempt++) {
		const result = deps.client.call({ method: "GET", path: studentProgressPath(robloxUserId), schema: StudentProgress });
		if (result.ok) return result.value;
		// 404: the service has no such student yet (they just joined): nothing to resume.
		if (result.reason === "server_error" && result.status === 404) return undefined;
		// A key without runtime:read will not get one on a retry.
		if (result.reason === "key_lacks_scope" || result.reason === "key_rejected" || result.reason === "no_secret") {
			deps.warn(`[ToolBoxAI] Cannot resume player ${robloxUserId}: ${result.message}`);
			return undefined;
		}
		if (attempt < tries) deps.sleep(result.retryAfter ?? attempt);
		else deps.warn(`[ToolBoxAI] Cannot resume player ${robloxUserId} (${result.message}); they start the lesson from the beginning.`);
	}
	return undefined;
}

/**
 * The resume point once the student's `User_<UserId>` record is known: questions answered on any server count as
 * done even before the service has them (their progress may still be in a server's buffer or spill), with their
 * points. `answered`: this lesson's answered questions and their points.
 */
export function withAnswered(resume: ResumePoint | undefined, answered: ReadonlyMap<string, number> | undefined): ResumePoint | undefined {
	if (answered === undefined || answered.size() === 0) return resume;
	const done = new Set<string>(resume?.doneStepIds ?? []);
	let score = resume?.score ?? 0;
	for (const [stepId, points] of answered) {
		if (done.has(stepId)) continue;
		done.add(stepId);
		score += points;
	}
	const doneStepIds = new Array<string>();
	for (const stepId of done) doneStepIds.push(stepId);
	return { doneStepIds, score, completed: resume?.completed ?? false };
}

export interface JoinResumeDeps {
	/** The service (undefined while it has not answered: only the record is read). */
	readonly client?: ServiceClient;
	readonly warn: (line: string) => void;
	readonly sleep: (seconds: number) => void;
	/** The students' `User_<UserId>` records; undefined: only what the service has delivered is known. */
	readonly records?: DataStoreAccess;
	/** Seconds the record read may wait for DataStore budget. */
	readonly recordWait?: number;
}

/**
 * Where a joining student continues: what the service has, plus what their record says they answered on any
 * server. A record that cannot be read leaves only the service's word; the answer's own write still refuses a
 * second answer (session's keepAnswer).
 */
export function resumeOnJoin(deps: JoinResumeDeps, robloxUserId: number, lessonId: string): ResumePoint | undefined {
	const client = deps.client;
	const delivered = client === undefined ? undefined : fetchResumePoint({ client, warn: deps.warn, sleep: deps.sleep }, robloxUserId, lessonId);
	const records = deps.records;
	const record = records && readUserRecord(records, robloxUserId, deps.recordWait ?? 0);
	return withAnswered(delivered, record?.answered.get(lessonId));
}

/**
 * Pure: whether the service says the student is no longer on `classId`'s roster (a teacher removed them, or the
 * class was archived). Only a positive answer counts: no answer, or an older service's without classIds, keeps the class.
 */
export function removedFromClass(progress: StudentProgress | undefined, classId: string): boolean {
	const classIds = progress?.classIds;
	if (classIds === undefined) return false;
	const wanted = classId.lower();
	return !classIds.some((id) => id.lower() === wanted);
}

export interface JoinResume {
	/** Where the student stands in a lesson, by id. */
	readonly progressOf: (lessonId: string) => ResumePoint | undefined;
	/** Whether the service says they are no longer in `classId` (removedFromClass). */
	readonly removedFrom: (classId: string) => boolean;
}

/**
 * Resume points of every lesson for a student who may choose among several: the service is asked once, the record
 * read once. Returns where the student stands in a lesson, by id, and whether they are still in a class.
 */
export function resumeAllOnJoin(deps: JoinResumeDeps, robloxUserId: number): JoinResume {
	const client = deps.client;
	const delivered = client === undefined ? undefined : fetchStudentProgress({ client, warn: deps.warn, sleep: deps.sleep }, robloxUserId);
	const records = deps.records;
	const record = records && readUserRecord(records, robloxUserId, deps.recordWait ?? 0);
	return {
		progressOf: (lessonId) => withAnswered(delivered === undefined ? undefined : resumePointOf(delivered, lessonId), record?.answered.get(lessonId)),
		removedFrom: (classId) => removedFromClass(delivered, classId),
	};
}
