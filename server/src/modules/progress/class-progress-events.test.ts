import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import type { CoalesceClock } from "../../integrations/realtime/coalescer";
import { type ClassSchool, classSchool, createClassAs, enrol } from "../classes/__tests__/class-fixtures";
import { addPerson } from "../tenancy/__tests__/tenancy-fixtures";
import type { TouchedLesson } from "./aggregate-progress";
import { announceClassProgress, CLASS_PROGRESS_WINDOW_MS, classProgressAnnouncer } from "./class-progress-events";

/** Timers that fire only when the test moves time on. */
class ManualTimers implements CoalesceClock {
	private now = 0;
	private readonly timers: Array<{ at: number; callback: () => void } | undefined> = [];
	setTimeout(callback: () => void, ms: number): unknown {
		this.timers.push({ at: this.now + ms, callback });
		return this.timers.length - 1;
	}
	clearTimeout(handle: unknown): void {
		this.timers[handle as number] = undefined;
	}
	advance(ms: number): void {
		this.now += ms;
		this.timers.forEach((timer, index) => {
			if (timer === undefined || timer.at > this.now) return;
			this.timers[index] = undefined;
			timer.callback();
		});
	}
}

let database: TestDatabase;
let t: TestApp;
let school: ClassSchool;
let classA: string;
let classB: string;
let inBoth: string;
let inA: string;
let inNone: string;

beforeAll(async () => {
	database = await createTestDatabase("class_progress_events");
	t = await startTestApp({ database });
	school = await classSchool(t, "Coalescing School");
	classA = (await createClassAs(t, school.teacherA.token)).id;
	classB = (await createClassAs(t, school.teacherB.token)).id;
	inBoth = school.student.userId;
	inA = (await addPerson(t, school.admin.tenantId, ["student"], "Student A")).userId;
	inNone = (await addPerson(t, school.admin.tenantId, ["student"], "Student None")).userId;
	await enrol(t, school.admin.tenantId, classA, inBoth);
	await enrol(t, school.admin.tenantId, classB, inBoth);
	await enrol(t, school.admin.tenantId, classA, inA);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const touched = (student: string, lesson: string, events: number): TouchedLesson => ({
	student_user_id: student,
	lesson_id: lesson,
	events,
	started_at: null,
	completed_at: null,
	first_seen_at: "2026-11-25 14:00:00+00",
	last_seen_at: "2026-11-25 14:00:01+00",
});

it("folds within a window become one event per class, on its channel, with the lessons that moved and the events counted", async () => {
	const clock = new ManualTimers();
	const published: Array<{ channel: string; event: string; data: unknown }> = [];
	const announcer = classProgressAnnouncer(
		{ publish: async (channel, event, data) => void published.push({ channel, event, data }) },
		{ clock, now: () => new Date("2026-11-25T14:00:02.000Z") },
	);
	const deps = { infra: t.infra, logger: pino({ level: "silent" }) };
	const [lesson1, lesson2] = [randomUUID(), randomUUID()];
	await announceClassProgress(deps, announcer, school.admin.tenantId, [touched(inBoth, lesson1, 3), touched(inNone, lesson1, 9)]);
	clock.advance(CLASS_PROGRESS_WINDOW_MS / 2);
	await announceClassProgress(deps, announcer, school.admin.tenantId, [touched(inA, lesson2, 2)]);
	expect(published).toEqual([]);
	clock.advance(CLASS_PROGRESS_WINDOW_MS / 2);
	const byChannel = Object.fromEntries(published.map((p) => [p.channel, p]));
	expect(Object.keys(byChannel).sort()).toEqual([`private-class-${classA}`, `private-class-${classB}`].sort());
	expect(byChannel[`private-class-${classA}`]).toEqual({
		channel: `private-class-${classA}`,
		event: "class.progress_changed",
		data: { classId: classA, lessonIds: [lesson1, lesson2].sort(), truncated: false, events: 5, windowEndedAt: "2026-11-25T14:00:02.000Z" },
	});
	expect(byChannel[`private-class-${classB}`]?.data).toEqual({ classId: classB, lessonIds: [lesson1], truncated: false, events: 3, windowEndedAt: "2026-11-25T14:00:02.000Z" });
	// The next window starts fresh.
	await announceClassProgress(deps, announcer, school.admin.tenantId, [touched(inA, lesson1, 1)]);
	clock.advance(CLASS_PROGRESS_WINDOW_MS);
	expect(published).toHaveLength(3);
	expect(published[2]?.data).toEqual(expect.objectContaining({ classId: classA, events: 1 }));
});

it("more lessons than an event lists are marked truncated (the event stays small)", async () => {
	const clock = new ManualTimers();
	const published: unknown[] = [];
	const announcer = classProgressAnnouncer({ publish: async (_c, _e, data) => void published.push(data) }, { clock });
	const many = Array.from({ length: 25 }, () => touched(inA, randomUUID(), 1));
	await announceClassProgress({ infra: t.infra, logger: pino({ level: "silent" }) }, announcer, school.admin.tenantId, many);
	clock.advance(CLASS_PROGRESS_WINDOW_MS);
	expect(published).toEqual([expect.objectContaining({ classId: classA, truncated: true, events: 25 })]);
	expect((published[0] as { lessonIds: string[] }).lessonIds).toHaveLength(20);
});
