import { describe, expect, it } from "@rbxts/jest-globals";
import type { ClientStep, Feedback, StepPosition } from "shared/remotes";
import { LESSON, seeded } from "./lesson.spec-util";
import { createQuizSession, type QuizEvent, type QuizSessionDeps } from "./session";

const USER = 1001;

/** A session over a fake clock, recording events, shown steps and feedback. */
function setup(overrides: Partial<QuizSessionDeps> = {}) {
	let time = 100;
	const events = new Array<QuizEvent>();
	const shown = new Array<{ userId: number; step: ClientStep | undefined; position: StepPosition }>();
	const feedback = new Array<Feedback>();
	const session = createQuizSession({
		lessonId: "fractions-1",
		content: LESSON,
		record: (event) => events.push(event),
		now: () => time,
		isoNow: () => "2026-11-25T15:00:00.000Z",
		random: seeded(1),
		show: (userId, step, position) => shown.push({ userId, step, position }),
		feedback: (_, result) => feedback.push(result),
		...overrides,
	});
	return {
		session,
		events,
		shown,
		feedback,
		advance: (seconds: number) => (time += seconds),
		kinds: () => events.map((event) => event.kind),
	};
}

/** Plays the lesson up to its first quiz (q-single), spacing calls so the rate limit is not in play. */
function toFirstQuiz(context: ReturnType<typeof setup>) {
	context.session.join(USER);
	context.advance(3);
	expect(context.session.next(USER, ["intro"])).toBe("ok");
	context.advance(3);
	expect(context.session.touched(USER, "HalfMarker")).toBe("ok");
	context.advance(3);
}

describe("quiz session", () => {
	it("plays a whole lesson: events in order with correctness, points and the total score", () => {
		const context = setup();
		const { session, events } = context;
		toFirstQuiz(context);
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		context.advance(3);
		expect(session.answer(USER, ["q-multi", { choiceIds: ["x"] }])).toBe("ok");
		context.advance(3);
		expect(session.answer(USER, ["q-num", { numeric: 0.7 }])).toBe("ok");
		context.advance(3);
		expect(session.answer(USER, ["q-order", { choiceIds: ["i1", "i2", "i3"] }])).toBe("ok");

		expect(context.kinds()).toEqual([
			"lesson_started",
			"step_completed",
			"step_completed",
			"answer_submitted",
			"step_completed",
			"answer_submitted",
			"step_completed",
			"answer_submitted",
			"step_completed",
			"answer_submitted",
			"step_completed",
			"lesson_completed",
		]);
		const answers = events.filter((event) => event.kind === "answer_submitted");
		expect(answers.map((event) => (event.kind === "answer_submitted" ? [event.stepId, event.answer.correct, event.answer.points] : []))).toEqual([
			["q-single", true, 10],
			["q-multi", false, 0],
			["q-num", true, 5],
			["q-order", true, 15],
		]);
		const single = answers[0];
		if (single.kind !== "answer_submitted") error("not an answer");
		expect(single.answer.choiceIds).toEqual(["b"]);
		const num = answers[2];
		if (num.kind !== "answer_submitted") error("not an answer");
		expect(num.answer.numeric).toBe(0.7);
		const last = events[events.size() - 1];
		expect(last).toEqual({
			kind: "lesson_completed",
			robloxUserId: USER,
			lessonId: "fractions-1",
			occurredAt: "2026-11-25T15:00:00.000Z",
			score: 30,
		});
		const intro = events[1];
		expect(intro).toEqual({
			kind: "step_completed",
			robloxUserId: USER,
			lessonId: "fractions-1",
			occurredAt: "2026-11-25T15:00:00.000Z",
			stepId: "intro",
			durationMs: 3000,
		});
		expect(context.feedback).toEqual([
			{ stepId: "q-single", correct: true, points: 10 },
			{ stepId: "q-multi", correct: false, points: 0 },
			{ stepId: "q-num", correct: true, points: 5 },
			{ stepId: "q-order", correct: true, points: 15 },
		]);
		expect(session.state(USER)).toEqual({ stepIndex: 6, score: 30, done: true, hintsUsed: 0 });
		// The last thing shown is "no step": the lesson is over.
		const finished = context.shown[context.shown.size() - 1];
		expect(finished.step).toBe(undefined);
		expect(finished.position).toEqual({ index: 6, total: 6, lessonTitle: LESSON.title });
	});

	it("shows each step sanitised, with its position", () => {
		const context = setup();
		toFirstQuiz(context);
		expect(context.shown.map((entry) => entry.position.index)).toEqual([0, 1, 2]);
		const quiz = context.shown[2].step;
		expect(quiz).toEqual({
			kind: "quiz",
			id: "q-single",
			prompt: "Which is larger?",
			points: 10,
			question: {
				type: "single_choice",
				choices: [
					{ id: "a", text: "1/2" },
					{ id: "b", text: "3/4" },
				],
			},
		});
	});

	it("accepts exactly one answer per question: a second answer, even a correct one, changes nothing", () => {
		const context = setup();
		const { session } = context;
		toFirstQuiz(context);
		expect(session.answer(USER, ["q-single", { choiceIds: ["a"] }])).toBe("ok");
		context.advance(3);
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("not_current");
		expect(context.events.filter((event) => event.kind === "answer_submitted").size()).toBe(1);
		expect(session.state(USER)).toEqual({ stepIndex: 3, score: 0, done: false, hintsUsed: 0 });
	});

	it("refuses answers to steps the player is not on, and remotes for the wrong step kind", () => {
		const context = setup();
		const { session } = context;
		session.join(USER);
		context.advance(3);
		// Answering ahead (a client that knows the step ids) is refused.
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("not_current");
		expect(session.answer(USER, ["intro", { choiceIds: ["b"] }])).toBe("wrong_kind");
		expect(session.answer(2002, ["intro", { choiceIds: ["b"] }])).toBe("no_session");
		context.advance(3);
		expect(session.next(USER, ["intro"])).toBe("ok");
		context.advance(3);
		// A checkpoint is not skipped with "next": only the server's touch completes it.
		expect(session.next(USER, ["reach-half"])).toBe("wrong_kind");
		expect(session.touched(USER, "SomethingElse")).toBe("not_current");
		expect(session.state(USER)!.stepIndex).toBe(1);
		expect(session.touched(USER, "HalfMarker")).toBe("ok");
		// Touching it again (the character still stands on it) does nothing more.
		expect(session.touched(USER, "HalfMarker")).toBe("not_current");
		expect(context.kinds()).toEqual(["lesson_started", "step_completed", "step_completed"]);
	});

	it("refuses invalid arguments before looking at the step", () => {
		const context = setup();
		const { session } = context;
		toFirstQuiz(context);
		expect(session.answer(USER, ["q-single", { choiceIds: [string.rep("b", 65)] }])).toBe("invalid");
		expect(session.answer(USER, ["q-single", { numeric: 0 / 0 }])).toBe("invalid");
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"], correct: true }])).toBe("invalid");
		expect(session.state(USER)!.stepIndex).toBe(2);
		expect(context.events.filter((event) => event.kind === "answer_submitted").size()).toBe(0);
	});

	it("rate-limits remote calls per player (4 per 2 s), invalid ones included, and lets them through again later", () => {
		const context = setup();
		const { session } = context;
		toFirstQuiz(context);
		for (let i = 1; i <= 4; i++) expect(session.answer(USER, ["q-single", "junk"])).toBe("invalid");
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("rate_limited");
		expect(session.state(USER)!.stepIndex).toBe(2);
		// Another player is not held back by this one.
		session.join(2002);
		expect(session.next(2002, ["intro"])).toBe("ok");
		context.advance(2);
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		expect(session.state(USER)).toEqual({ stepIndex: 3, score: 10, done: false, hintsUsed: 0 });
	});

	it("keeps a player's rate limit when they leave and join again (no fresh allowance for a rejoin)", () => {
		const context = setup();
		const { session } = context;
		session.join(USER);
		for (let i = 1; i <= 4; i++) expect(session.answer(USER, ["q-single", "junk"])).toBe("invalid");
		session.leave(USER);
		session.join(USER);
		expect(session.answer(USER, ["q-single", "junk"])).toBe("rate_limited");
		context.advance(2);
		expect(session.answer(USER, ["q-single", "junk"])).toBe("invalid");
	});

	it("keeps players apart and joins once", () => {
		const context = setup();
		const { session } = context;
		session.join(USER);
		session.join(USER);
		session.join(2002);
		expect(context.kinds()).toEqual(["lesson_started", "lesson_started"]);
		expect(session.next(USER, ["intro"])).toBe("ok");
		expect(session.state(USER)!.stepIndex).toBe(1);
		expect(session.state(2002)!.stepIndex).toBe(0);
		session.leave(USER);
		expect(session.state(USER)).toBe(undefined);
		expect(session.next(USER, ["reach-half"])).toBe("no_session");
	});
});
