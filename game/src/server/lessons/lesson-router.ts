import type { ActiveLesson } from "@toolboxai/shared";
import { isLessonChoice, type LessonMenu, type LessonMenuEntry } from "shared/lesson-menu";
import type { Outcome, QuizEvent, QuizSession, ResumePoint } from "../quiz/session";
import { type ClassLesson, classLessons, lessonKey } from "./class-lessons";

/**
 * Which lesson each student of this server plays, and the one session per lesson version they play it in. Plain
 * logic (the engine glue is ../quiz/start): students of different classes play different lessons at the same time,
 * each session as server-authoritative as before.
 *
 * - A student is offered their class's lessons: one starts directly; several give a menu (title, steps done / total,
 *   completed, in the teacher's order) and the student's choice, checked against that list, starts it; none, or no
 *   class, gives a message.
 * - A student keeps the version they started until they finish it: new content (a publish, a reassignment) only
 *   changes what is offered next. Their session, holding that version's content, stays until nobody plays it.
 * - Every event names the student's class and the version played, so the service counts it where it belongs.
 * - The school's subscription has ended (`setEnded`): every student, mid-lesson or not, is told so instead of
 *   playing, until content loads again; they then start over from what the service has of their progress.
 */
export interface LessonRouterDeps {
	/** Makes the session of one lesson version; `record` adds class and version to its events. */
	readonly makeSession: (lesson: ClassLesson, record: (event: QuizEvent) => unknown) => QuizSession;
	/** The progress sender's record. */
	readonly record: (event: QuizEvent) => unknown;
	/** Shows a student the lesson menu, or why there is nothing to play. */
	readonly showMenu: (userId: number, menu: LessonMenu) => void;
}

/** Where a student stands in a lesson (what the service and their record say), by lesson id. */
export type ProgressOf = (lessonId: string) => ResumePoint | undefined;

export interface LessonRouter {
	/** The content now loaded: what students are offered from now on. Students mid-lesson keep their version. */
	setContent(items: ReadonlyArray<ActiveLesson>): void;
	/** The school's subscription has ended: lessons stop for everyone and players are told why, until `setContent`. */
	setEnded(): void;
	/**
	 * A student is ready to play: `classId` is their class (undefined: none known). Offered again once content loads
	 * if there is none yet.
	 */
	offer(userId: number, classId: string | undefined, progress: ProgressOf): void;
	/** The choose remote: args are everything after the player (one lesson id of the menu offered to them). */
	choose(userId: number, args: ReadonlyArray<unknown>): Outcome;
	answer(userId: number, args: ReadonlyArray<unknown>): Outcome;
	next(userId: number, args: ReadonlyArray<unknown>): Outcome;
	hint(userId: number, args: ReadonlyArray<unknown>): Outcome;
	touched(userId: number, tag: string): Outcome;
	tick(): void;
	leave(userId: number): void;
	/** The lesson version a student plays now, if any. */
	playing(userId: number): { readonly lessonId: string; readonly version: string } | undefined;
	/** Every session (for checkpoint tags): the lesson version and its session. */
	sessions(): ReadonlyArray<{ readonly lesson: ClassLesson; readonly session: QuizSession }>;
}

interface Student {
	classId?: string;
	progress: ProgressOf;
	/** The lessons last offered (their ids are what `choose` may name). */
	offered: Array<ClassLesson>;
	/** The version being played, until it is finished. */
	playing?: string;
	/** Lessons finished on this server since the offer (the service's word on them may lag). */
	finished: Set<string>;
}

export function createLessonRouter(deps: LessonRouterDeps): LessonRouter {
	let items: ReadonlyArray<ActiveLesson> | undefined;
	let ended = false;
	const students = new Map<number, Student>();
	const sessions = new Map<string, { lesson: ClassLesson; session: QuizSession }>();

	function sessionOf(lesson: ClassLesson) {
		const key = lessonKey(lesson);
		const existing = sessions.get(key);
		if (existing !== undefined) return existing.session;
		const record = (event: QuizEvent) => {
			const classId = students.get(event.robloxUserId)?.classId;
			return deps.record({ ...event, version: lesson.version, classId } as QuizEvent);
		};
		const session = deps.makeSession(lesson, record);
		sessions.set(key, { lesson, session });
		return session;
	}

	function entryOf(student: Student, lesson: ClassLesson): LessonMenuEntry {
		const resume = student.progress(lesson.lessonId);
		const total = lesson.content.steps.size();
		const done = new Set(resume?.doneStepIds ?? []);
		let stepsDone = 0;
		for (const step of lesson.content.steps) if (done.has(step.id)) stepsDone += 1;
		const completed = student.finished.has(lesson.lessonId) || resume?.completed === true;
		return {
			lessonId: lesson.lessonId,
			title: lesson.content.title,
			stepsDone: completed ? total : stepsDone,
			totalSteps: total,
			completed,
			position: lesson.position,
		};
	}

	function start(userId: number, student: Student, lesson: ClassLesson) {
		student.playing = lessonKey(lesson);
		sessionOf(lesson).join(userId, student.progress(lesson.lessonId));
		afterCall(userId);
	}

	function current(userId: number): QuizSession | undefined {
		const key = students.get(userId)?.playing;
		return key === undefined ? undefined : sessions.get(key)?.session;
	}

	/** A finished lesson frees the student's version; with several lessons, the menu comes back. */
	function afterCall(userId: number) {
		const student = students.get(userId);
		const key = student?.playing;
		if (student === undefined || key === undefined) return;
		const entry = sessions.get(key);
		if (entry === undefined || entry.session.state(userId)?.done !== true) return;
		student.playing = undefined;
		student.finished.add(entry.lesson.lessonId);
		entry.session.leave(userId);
		if (student.offered.size() > 1) present(userId, student);
		dropUnused();
	}

	/** Sessions nobody plays any more and that the content no longer offers are let go. */
	function dropUnused() {
		const inUse = new Set<string>();
		for (const [, student] of students) if (student.playing !== undefined) inUse.add(student.playing);
		for (const item of items ?? []) inUse.add(lessonKey(item));
		for (const [key] of sessions) if (!inUse.has(key)) sessions.delete(key);
	}

	function present(userId: number, student: Student) {
		if (ended) {
			student.offered = [];
			deps.showMenu(userId, { kind: "message", reason: "subscription_ended" });
			return;
		}
		if (items === undefined) return;
		if (student.classId === undefined) {
			deps.showMenu(userId, { kind: "message", reason: "no_class" });
			return;
		}
		student.offered = classLessons(items, student.classId);
		if (student.offered.size() === 0) {
			deps.showMenu(userId, { kind: "message", reason: "no_lessons" });
			return;
		}
		const [only] = student.offered;
		if (student.offered.size() === 1 && !student.finished.has(only.lessonId)) {
			start(userId, student, only);
			return;
		}
		if (student.offered.size() === 1) return;
		deps.showMenu(userId, { kind: "choose", entries: student.offered.map((lesson) => entryOf(student, lesson)) });
	}

	function dispatch(userId: number, call: (session: QuizSession) => Outcome): Outcome {
		const session = current(userId);
		if (session === undefined) return "no_session";
		const outcome = call(session);
		afterCall(userId);
		return outcome;
	}

	return {
		setContent(loaded) {
			items = loaded;
			ended = false;
			for (const [userId, student] of students) {
				// Mid-lesson students keep their version; the others are offered the new content.
				if (student.playing === undefined) present(userId, student);
			}
			dropUnused();
		},
		setEnded() {
			ended = true;
			items = undefined;
			for (const [userId, student] of students) {
				// Mid-lesson too: the school may not play any more (its progress would not be recorded either).
				if (student.playing !== undefined) current(userId)?.leave(userId);
				student.playing = undefined;
				present(userId, student);
			}
			dropUnused();
		},
		offer(userId, classId, progress) {
			const known = students.get(userId);
			if (known !== undefined && known.classId === classId && known.playing !== undefined) {
				// Back on this server mid-lesson: the same version, where they are.
				known.progress = progress;
				const session = current(userId);
				if (session !== undefined && session.state(userId) === undefined) session.join(userId, progress(sessions.get(known.playing)?.lesson.lessonId ?? ""));
				return;
			}
			// Another class now (or the first offer): whatever they played before is left.
			if (known?.playing !== undefined) current(userId)?.leave(userId);
			const student: Student = { classId, progress, offered: [], finished: known !== undefined && known.classId === classId ? known.finished : new Set() };
			students.set(userId, student);
			present(userId, student);
		},
		choose(userId, args) {
			const student = students.get(userId);
			if (student === undefined || args.size() !== 1 || !isLessonChoice(args[0])) return "invalid";
			if (student.playing !== undefined) return "busy";
			const chosen = args[0].lower();
			const lesson = student.offered.find((candidate) => candidate.lessonId.lower() === chosen);
			if (lesson === undefined) return "invalid";
			start(userId, student, lesson);
			return "ok";
		},
		answer(userId, args) {
			return dispatch(userId, (session) => session.answer(userId, args));
		},
		next(userId, args) {
			return dispatch(userId, (session) => session.next(userId, args));
		},
		hint(userId, args) {
			return dispatch(userId, (session) => session.hint(userId, args));
		},
		touched(userId, tag) {
			return dispatch(userId, (session) => session.touched(userId, tag));
		},
		tick() {
			for (const [, entry] of sessions) entry.session.tick();
			for (const [userId] of students) afterCall(userId);
		},
		leave(userId) {
			// The student's version is kept: coming back to this server mid-lesson continues it.
			current(userId)?.leave(userId);
		},
		playing(userId) {
			const key = students.get(userId)?.playing;
			const lesson = key === undefined ? undefined : sessions.get(key)?.lesson;
			return lesson === undefined ? undefined : { lessonId: lesson.lessonId, version: lesson.version };
		},
		sessions() {
			const list = new Array<{ lesson: ClassLesson; session: QuizSession }>();
			for (const [, entry] of sessions) list.push(entry);
			return list;
		},
	};
}
