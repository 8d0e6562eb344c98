import { describe, expect, it } from "@rbxts/jest-globals";
import type { ActiveLesson, LessonContent } from "@toolboxai/shared";
import type { LessonMenu } from "shared/lesson-menu";
import type { StepPosition } from "shared/remotes";
import { seeded } from "../quiz/lesson.spec-util";
import { createQuizSession, type QuizEvent, type ResumePoint } from "../quiz/session";
import { classLessons } from "./class-lessons";
import { createLessonRouter } from "./lesson-router";

const CLASS_A = "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b";
const CLASS_B = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
const VOLCANOES = "7d2e3b4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
const FRACTIONS = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const RIVERS = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
const ALICE = 2001;
const BOB = 2002;
const CAROL = 2003;

/** A lesson of instruction steps `<prefix>-1`..`<prefix>-n` (each "Next" moves on). */
function content(title: string, prefix: string, steps: number): LessonContent {
	const list = new Array<LessonContent["steps"][number]>();
	for (let i = 1; i <= steps; i++) list.push({ kind: "instruction", id: `${prefix}-${i}`, text: `${title} ${i}` });
	return { schemaVersion: 1, title, steps: list };
}

function lesson(lessonId: string, version: string, title: string, prefix: string, steps: number, classes: Array<[string, number]>): ActiveLesson {
	return { lessonId, version, content: content(title, prefix, steps), classes: classes.map(([classId, position]) => ({ classId, position })) };
}

/** A router over real quiz sessions, a fake clock, and everything shown recorded. */
function setup() {
	let time = 100;
	const events = new Array<QuizEvent>();
	const shown = new Array<{ userId: number; stepId?: string; position: StepPosition }>();
	const menus = new Array<{ userId: number; menu: LessonMenu }>();
	const router = createLessonRouter({
		record: (event) => events.push(event),
		showMenu: (userId, menu) => menus.push({ userId, menu }),
		makeSession: (classLesson, record) =>
			createQuizSession({
				lessonId: classLesson.lessonId,
				content: classLesson.content,
				record,
				now: () => time,
				isoNow: () => "2026-12-07T15:00:00.000Z",
				random: seeded(3),
				show: (userId, step, position) => shown.push({ userId, stepId: step?.id, position }),
				feedback: () => undefined,
			}),
	});
	const nothingDone = (): ResumePoint | undefined => undefined;
	return {
		router,
		events,
		shown,
		menus,
		nothingDone,
		/** Reads the current step and presses Next, with time enough between calls for the rate limit. */
		next: (userId: number) => {
			time += 3;
			const last = shown.filter((entry) => entry.userId === userId).pop();
			return router.next(userId, [last?.stepId]);
		},
		lastShown: (userId: number) => shown.filter((entry) => entry.userId === userId).pop(),
		menuOf: (userId: number) => menus.filter((entry) => entry.userId === userId).pop()?.menu,
	};
}

describe("classLessons", () => {
	it("takes the class's own lessons in the teacher's order, not the others'", () => {
		const items = [
			lesson(VOLCANOES, "1.0.0", "Volcanoes", "v", 2, [[CLASS_A, 2]]),
			lesson(FRACTIONS, "2.0.0", "Fractions", "f", 2, [
				[CLASS_B, 1],
				[CLASS_A, 1],
			]),
			lesson(RIVERS, "1.0.0", "Rivers", "r", 2, [[CLASS_B, 2]]),
		];
		expect(classLessons(items, CLASS_A).map((l) => [l.lessonId, l.version, l.position])).toEqual([
			[FRACTIONS, "2.0.0", 1],
			[VOLCANOES, "1.0.0", 2],
		]);
		expect(classLessons(items, CLASS_B.upper()).map((l) => l.lessonId)).toEqual([FRACTIONS, RIVERS]);
		expect(classLessons(items, "00000000-0000-4000-8000-000000000000")).toEqual([]);
	});

	it("content naming no classes (an older service or release) is every class's, in its order", () => {
		const old: ActiveLesson = { lessonId: VOLCANOES, version: "1.0.0", content: content("Volcanoes", "v", 1) };
		expect(classLessons([old], CLASS_A).map((l) => [l.lessonId, l.position])).toEqual([[VOLCANOES, 1]]);
	});
});

describe("the lesson router", () => {
	it("students of two classes on one server play their own classes' lessons at once; events name class and version", () => {
		const s = setup();
		s.router.setContent([lesson(VOLCANOES, "1.0.0", "Volcanoes", "v", 2, [[CLASS_A, 1]]), lesson(FRACTIONS, "3.1.0", "Fractions", "f", 3, [[CLASS_B, 1]])]);
		s.router.offer(ALICE, CLASS_A, s.nothingDone);
		s.router.offer(BOB, CLASS_B, s.nothingDone);
		expect(s.lastShown(ALICE)?.position.lessonTitle).toBe("Volcanoes");
		expect(s.lastShown(BOB)?.position.lessonTitle).toBe("Fractions");
		expect(s.next(ALICE)).toBe("ok");
		expect(s.next(BOB)).toBe("ok");
		expect(s.lastShown(ALICE)?.stepId).toBe("v-2");
		expect(s.lastShown(BOB)?.stepId).toBe("f-2");
		// A step id of the other class's lesson is not the student's current step.
		expect(s.router.next(ALICE, ["f-2"])).toBe("not_current");
		const aliceEvents = s.events.filter((e) => e.robloxUserId === ALICE);
		const bobEvents = s.events.filter((e) => e.robloxUserId === BOB);
		expect(aliceEvents.map((e) => [e.kind, e.lessonId, e.classId, e.version])).toEqual([
			["lesson_started", VOLCANOES, CLASS_A, "1.0.0"],
			["step_completed", VOLCANOES, CLASS_A, "1.0.0"],
		]);
		expect(bobEvents.map((e) => [e.kind, e.lessonId, e.classId, e.version])).toEqual([
			["lesson_started", FRACTIONS, CLASS_B, "3.1.0"],
			["step_completed", FRACTIONS, CLASS_B, "3.1.0"],
		]);
		expect(s.menus).toEqual([]);
	});

	it("several lessons: a menu in the teacher's order with steps done, total and completed; the choice starts it", () => {
		const s = setup();
		s.router.setContent([
			lesson(VOLCANOES, "1.0.0", "Volcanoes", "v", 4, [[CLASS_A, 2]]),
			lesson(FRACTIONS, "1.0.0", "Fractions", "f", 2, [[CLASS_A, 1]]),
			lesson(RIVERS, "1.0.0", "Rivers", "r", 2, [[CLASS_B, 1]]),
		]);
		const progress = (lessonId: string): ResumePoint | undefined =>
			lessonId === VOLCANOES
				? { doneStepIds: ["v-1", "v-2", "gone"], score: 0, completed: false }
				: lessonId === FRACTIONS
					? { doneStepIds: [], score: 0, completed: true }
					: undefined;
		s.router.offer(ALICE, CLASS_A, progress);
		expect(s.menuOf(ALICE)).toEqual({
			kind: "choose",
			entries: [
				{ lessonId: FRACTIONS, title: "Fractions", stepsDone: 2, totalSteps: 2, completed: true, position: 1 },
				{ lessonId: VOLCANOES, title: "Volcanoes", stepsDone: 2, totalSteps: 4, completed: false, position: 2 },
			],
		});
		expect(s.router.playing(ALICE)).toBeUndefined();
		// Another class's lesson, or something that is not an id, is refused; nothing starts.
		expect(s.router.choose(ALICE, [RIVERS])).toBe("invalid");
		expect(s.router.choose(ALICE, [{}])).toBe("invalid");
		expect(s.router.choose(ALICE, [VOLCANOES, "extra"])).toBe("invalid");
		expect(s.router.playing(ALICE)).toBeUndefined();
		expect(s.router.choose(ALICE, [VOLCANOES])).toBe("ok");
		expect(s.router.playing(ALICE)).toEqual({ lessonId: VOLCANOES, version: "1.0.0" });
		// The steps done before are skipped: the lesson continues at its third step.
		expect(s.lastShown(ALICE)?.stepId).toBe("v-3");
		expect(s.router.choose(ALICE, [FRACTIONS])).toBe("busy");
		expect(s.next(ALICE)).toBe("ok");
		expect(s.next(ALICE)).toBe("ok");
		// Finished: the menu comes back with the lesson marked completed.
		expect(s.router.playing(ALICE)).toBeUndefined();
		const menu = s.menuOf(ALICE);
		expect(menu?.kind === "choose" && menu.entries.map((e) => [e.lessonId, e.completed, e.stepsDone])).toEqual([
			[FRACTIONS, true, 2],
			[VOLCANOES, true, 4],
		]);
	});

	it("no class, or a class with nothing assigned, gets a message instead of an empty screen", () => {
		const s = setup();
		s.router.offer(CAROL, undefined, s.nothingDone);
		// Nothing is said before content has loaded.
		expect(s.menus).toEqual([]);
		s.router.setContent([lesson(VOLCANOES, "1.0.0", "Volcanoes", "v", 2, [[CLASS_A, 1]])]);
		expect(s.menuOf(CAROL)).toEqual({ kind: "message", reason: "no_class" });
		s.router.offer(BOB, CLASS_B, s.nothingDone);
		expect(s.menuOf(BOB)).toEqual({ kind: "message", reason: "no_lessons" });
		expect(s.router.playing(BOB)).toBeUndefined();
		// Once the class gets a lesson, the waiting student starts it.
		s.router.setContent([
			lesson(VOLCANOES, "1.0.0", "Volcanoes", "v", 2, [
				[CLASS_A, 1],
				[CLASS_B, 1],
			]),
		]);
		expect(s.router.playing(BOB)).toEqual({ lessonId: VOLCANOES, version: "1.0.0" });
	});

	it("a publish mid-lesson does not change that student's steps; new starts get the new version", () => {
		const s = setup();
		s.router.setContent([lesson(VOLCANOES, "1.0.0", "Volcanoes", "v", 3, [[CLASS_A, 1]])]);
		s.router.offer(ALICE, CLASS_A, s.nothingDone);
		expect(s.next(ALICE)).toBe("ok");
		// The teacher publishes 2.0.0 (other steps) and moves the class to it.
		s.router.setContent([lesson(VOLCANOES, "2.0.0", "Volcanoes again", "w", 2, [[CLASS_A, 1]])]);
		expect(s.router.playing(ALICE)).toEqual({ lessonId: VOLCANOES, version: "1.0.0" });
		expect(s.lastShown(ALICE)?.stepId).toBe("v-2");
		s.router.offer(BOB, CLASS_A, s.nothingDone);
		expect(s.router.playing(BOB)).toEqual({ lessonId: VOLCANOES, version: "2.0.0" });
		expect(s.lastShown(BOB)?.stepId).toBe("w-1");
		// Alice leaves and comes back to this server mid-lesson: still 1.0.0, where she was.
		s.router.leave(ALICE);
		s.router.offer(ALICE, CLASS_A, () => ({ doneStepIds: ["v-1"], score: 0, completed: false }));
		expect(s.router.playing(ALICE)).toEqual({ lessonId: VOLCANOES, version: "1.0.0" });
		expect(s.lastShown(ALICE)?.stepId).toBe("v-2");
		expect(s.next(ALICE)).toBe("ok");
		expect(s.next(ALICE)).toBe("ok");
		expect(s.lastShown(ALICE)?.stepId).toBeUndefined();
		const otherVersions = s.events.filter((e) => e.robloxUserId === ALICE && e.version !== "1.0.0");
		expect(otherVersions.size()).toBe(0);
		expect(s.events.filter((e) => e.robloxUserId === ALICE && e.kind === "lesson_completed").size()).toBe(1);
		// Finished: the old version's session is let go; the next offer is the new version.
		expect(s.router.sessions().map((entry) => entry.lesson.version)).toEqual(["2.0.0"]);
	});

	it("subscription ended: nobody starts or continues a lesson and everyone is told why; content again restores play", () => {
		const s = setup();
		const volcanoes = lesson(VOLCANOES, "1.0.0", "Volcanoes", "v", 3, [[CLASS_A, 1]]);
		s.router.setContent([volcanoes]);
		s.router.offer(ALICE, CLASS_A, s.nothingDone);
		expect(s.next(ALICE)).toBe("ok");
		s.router.setEnded();
		// Mid-lesson Alice stops and is told why: not the "no lessons yet" message.
		expect(s.router.playing(ALICE)).toBeUndefined();
		expect(s.menuOf(ALICE)).toEqual({ kind: "message", reason: "subscription_ended" });
		expect(s.router.next(ALICE, ["v-2"])).toBe("no_session");
		expect(s.router.choose(ALICE, [VOLCANOES])).toBe("invalid");
		expect(s.router.sessions()).toEqual([]);
		// A student arriving now, even one without a class, hears the same and starts nothing.
		s.router.offer(BOB, CLASS_A, s.nothingDone);
		s.router.offer(CAROL, undefined, s.nothingDone);
		expect(s.router.playing(BOB)).toBeUndefined();
		expect(s.menuOf(BOB)).toEqual({ kind: "message", reason: "subscription_ended" });
		expect(s.menuOf(CAROL)).toEqual({ kind: "message", reason: "subscription_ended" });
		const eventsWhileEnded = s.events.size();
		s.router.tick();
		expect(s.events.size()).toBe(eventsWhileEnded);
		// Subscribed again: content loads and both play, Alice from what the service has of her progress.
		s.router.setContent([volcanoes]);
		expect(s.router.playing(ALICE)).toEqual({ lessonId: VOLCANOES, version: "1.0.0" });
		expect(s.router.playing(BOB)).toEqual({ lessonId: VOLCANOES, version: "1.0.0" });
		expect(s.menuOf(CAROL)).toEqual({ kind: "message", reason: "no_class" });
	});
});
