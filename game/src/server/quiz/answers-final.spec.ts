import { describe, expect, it } from "@rbxts/jest-globals";
import type { Notice } from "shared/remotes";
import { keepAnswer, readUserRecord, userKey } from "../players/user-record";
import type { DataStoreAccess } from "../progress/datastore-calls";
import { fakeClock, memoryDataStore, type MemoryDataStore } from "../progress/fakes.spec-util";
import { LESSON, seeded } from "./lesson.spec-util";
import { resumeOnJoin } from "./resume";
import { createQuizSession, type QuizEvent, type QuizSessionDeps } from "./session";

/**
 * Answers are final across servers: two game servers (two quiz sessions) share one DataStore, the student's
 * `User_<UserId>` record. The service has none of the student's progress yet (it is still in the first server's
 * buffer), so only the record can tell the second server what was answered.
 */
const USER = 2024;
const LESSON_ID = "fractions-1";

type KeepAnswer = (userId: number, stepId: string, points: number) => "kept" | "already" | "failed";

function gameServer(name: string, store: MemoryDataStore, clock = fakeClock(), overrides: { keepAnswer?: KeepAnswer } = {}) {
	const events = new Array<QuizEvent>();
	const notices = new Array<Notice>();
	const access: DataStoreAccess = { store, budget: (kind) => store.budget(kind), sleep: clock.sleep, now: clock.now };
	let tokens = 0;
	const keep: KeepAnswer = (userId, stepId, points) => {
		tokens += 1;
		return keepAnswer(access, userId, LESSON_ID, stepId, points, `${name}${tokens}`, 5);
	};
	// A cast: the spec also runs against builds whose session takes no keepAnswer (it must then fail, not miscompile).
	const deps = {
		lessonId: LESSON_ID,
		content: LESSON,
		record: (event) => events.push(event),
		now: clock.now,
		isoNow: () => "2026-11-25T15:00:00.000Z",
		random: seeded(1),
		show: () => undefined,
		feedback: () => undefined,
		notice: (_: number, notice: Notice) => notices.push(notice),
		keepAnswer: overrides.keepAnswer ?? keep,
	} as QuizSessionDeps;
	const session = createQuizSession(deps);
	/** A student joins as the glue does it: the service knows nothing yet, the record is read. */
	const join = (userId: number) => session.join(userId, resumeOnJoin({ warn: () => undefined, sleep: clock.sleep, records: access, recordWait: 5 }, userId, LESSON_ID));
	const answers = () => events.filter((event) => event.kind === "answer_submitted").map((event) => (event as { stepId: string }).stepId);
	return { session, events, notices, join, answers, clock, access };
}

/** Joins and plays up to the first question (q-single), calls spaced past the rate limit. */
function toFirstQuiz(server: ReturnType<typeof gameServer>) {
	server.join(USER);
	pastCheckpoint(server);
}

/** Plays the instruction and the checkpoint before the questions. */
function pastCheckpoint(server: ReturnType<typeof gameServer>) {
	server.clock.advance(3);
	expect(server.session.next(USER, ["intro"])).toBe("ok");
	server.clock.advance(3);
	expect(server.session.touched(USER, "HalfMarker")).toBe("ok");
	server.clock.advance(3);
}

describe("answers are final across servers", () => {
	it("a student who answered on one server and rejoins another before the service has it cannot answer again", () => {
		const store = memoryDataStore();
		const a = gameServer("a", store);
		toFirstQuiz(a);
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["a"] }])).toBe("ok");
		a.session.leave(USER);

		const b = gameServer("b", store);
		b.join(USER);
		pastCheckpoint(b);
		// q-single is done: after the checkpoint B shows q-multi, and an answer to q-single is not taken
		expect(b.session.state(USER)).toMatchObject({ stepIndex: 3, score: 0 });
		expect(b.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("not_current");
		expect(b.answers()).toEqual([]);
		expect(a.answers()).toEqual(["q-single"]);
	});

	it("the record's write refuses a second answer even when the joining server could not read the record", () => {
		const store = memoryDataStore();
		const a = gameServer("a", store);
		toFirstQuiz(a);
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["a"] }])).toBe("ok");
		a.session.leave(USER);

		// B joins the student without the record (its read found no budget), so q-single looks open
		const b = gameServer("b", store);
		b.session.join(USER);
		pastCheckpoint(b);
		expect(b.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("already_answered");
		expect(b.notices.map((n) => n.kind)).toEqual(["already_answered"]);
		expect(b.answers()).toEqual([]);
		// the lesson moves on: the next question is open on B
		b.clock.advance(3);
		expect(b.session.answer(USER, ["q-multi", { choiceIds: ["x", "z"] }])).toBe("ok");
		expect(b.answers()).toEqual(["q-multi"]);
	});

	it("the same server: leaving and joining again before anything was delivered cannot answer again", () => {
		const store = memoryDataStore();
		const a = gameServer("a", store);
		toFirstQuiz(a);
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		a.session.leave(USER);
		a.join(USER);
		pastCheckpoint(a);
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("not_current");
		expect(a.answers()).toEqual(["q-single"]);
		// the points of the answer still count in the lesson's score
		expect(a.session.state(USER)).toMatchObject({ stepIndex: 3, score: 10 });
	});

	it("an answer is acknowledged only once written: with no budget it waits, then asks the student to try again", () => {
		const store = memoryDataStore();
		const a = gameServer("a", store);
		toFirstQuiz(a);
		store.setBudget(0);
		const before = a.clock.now();
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("not_saved");
		expect(a.clock.now() - before >= 5).toBe(true);
		expect(store.throttled).toBe(0);
		expect(a.answers()).toEqual([]);
		expect(a.notices.map((n) => n.kind)).toEqual(["not_saved"]);
		// budget back: the same question is still open and the answer is taken
		store.setBudget(math.huge);
		a.clock.advance(3);
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		expect(a.answers()).toEqual(["q-single"]);
	});

	it("a write that landed and then raised is read back: the answer counts once, never reported as failed", () => {
		const store = memoryDataStore();
		const a = gameServer("a", store);
		toFirstQuiz(a);
		store.failAfterWrite = 1;
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		expect(a.answers()).toEqual(["q-single"]);
		expect(a.notices).toEqual([]);
	});

	it("reads back past Roblox's read cache: a landed write is not taken for a failure because a cached read missed it", () => {
		const store = memoryDataStore();
		const a = gameServer("a", store);
		toFirstQuiz(a);
		store.cachedReads = true;
		store.failAfterWrite = 1;
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		expect(a.notices).toEqual([]);
		expect(a.answers()).toEqual(["q-single"]);
	});

	it("a write that raised without landing is not reported as kept", () => {
		const store = memoryDataStore();
		const a = gameServer("a", store);
		toFirstQuiz(a);
		store.failing = true;
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("not_saved");
		store.failing = false;
		expect(store.peek(userKey(USER))).toBeUndefined();
	});

	it("while an answer is being kept, the student's other calls wait (no second answer to the same question)", () => {
		const store = memoryDataStore();
		let a: ReturnType<typeof gameServer> | undefined;
		let second: string | undefined;
		const clock = fakeClock();
		a = gameServer("a", store, clock, {
			keepAnswer: (userId, stepId, points) => {
				// the student clicks again while the write yields
				clock.advance(3);
				second = a!.session.answer(USER, ["q-single", { choiceIds: ["a"] }]);
				return keepAnswer(a!.access, userId, LESSON_ID, stepId, points, "once", 5);
			},
		});
		toFirstQuiz(a);
		expect(a.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		expect(second).toBe("busy");
		expect(a.answers()).toEqual(["q-single"]);
	});

	it("keeps the record small and versioned: v, and per lesson and step the points and a short token", () => {
		const store = memoryDataStore();
		const a = gameServer("a", store);
		toFirstQuiz(a);
		a.session.answer(USER, ["q-single", { choiceIds: ["b"] }]);
		expect(store.peek(userKey(USER))).toEqual({ v: 1, answered: { [LESSON_ID]: { "q-single": [10, "a1"] } } });
		expect(readUserRecord(a.access, USER)!.answered.get(LESSON_ID)!.get("q-single")).toBe(10);
		// fields other parts of the game add within format 1 survive an answer's write
		store.UpdateAsync(userKey(USER + 2), () => ({ v: 1, answered: {}, lessonsSeen: 3 }));
		expect(keepAnswer(a.access, USER + 2, LESSON_ID, "q-single", 10, "t", 0)).toBe("kept");
		expect(store.peek(userKey(USER + 2))).toEqual({ v: 1, lessonsSeen: 3, answered: { [LESSON_ID]: { "q-single": [10, "t"] } } });
		// a newer build's record is left alone: nothing read, nothing written over
		store.UpdateAsync(userKey(USER + 1), () => ({ v: 2, other: true }));
		expect(readUserRecord(a.access, USER + 1)).toBeUndefined();
		expect(keepAnswer(a.access, USER + 1, LESSON_ID, "q-single", 10, "x", 0)).toBe("failed");
		expect(store.peek(userKey(USER + 1))).toEqual({ v: 2, other: true });
	});
});
