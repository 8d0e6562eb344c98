import { describe, expect, it } from "@rbxts/jest-globals";
import type { LessonContent } from "@toolboxai/shared";
import type { ClientStep, Feedback, HintShown, StepPosition } from "shared/remotes";
import { LESSON, seeded } from "./lesson.spec-util";
import { createQuizSession, TIME_LIMIT_GRACE_SECONDS, type QuizEvent, type QuizSessionDeps } from "./session";

const USER = 1001;

/** LESSON with hints and a 30 s time limit on its first question (q-single, 10 points). */
const TIMED: LessonContent = {
	...LESSON,
	steps: LESSON.steps.map((step) =>
		step.id === "q-single" && step.kind === "quiz" ? { ...step, hints: ["Think of pizza slices.", "Three of four is more than two of four."], timeLimitSeconds: 30 } : step,
	),
};

function setup(content: LessonContent = TIMED, overrides: Partial<QuizSessionDeps> = {}) {
	let time = 100;
	const events = new Array<QuizEvent>();
	const shown = new Array<{ step: ClientStep | undefined; position: StepPosition }>();
	const feedback = new Array<Feedback>();
	const hints = new Array<HintShown>();
	const session = createQuizSession({
		lessonId: "fractions-1",
		content,
		record: (event) => events.push(event),
		now: () => time,
		isoNow: () => "2026-11-25T15:00:00.000Z",
		random: seeded(1),
		show: (_, step, position) => shown.push({ step, position }),
		feedback: (_, result) => feedback.push(result),
		hint: (_, hint) => hints.push(hint),
		...overrides,
	});
	const advance = (seconds: number) => (time += seconds);
	const toFirstQuiz = () => {
		session.join(USER);
		advance(3);
		expect(session.next(USER, ["intro"])).toBe("ok");
		advance(3);
		expect(session.touched(USER, "HalfMarker")).toBe("ok");
		advance(3);
	};
	const answers = () => events.filter((event) => event.kind === "answer_submitted");
	return { session, events, shown, feedback, hints, advance, toFirstQuiz, answers, kinds: () => events.map((event) => event.kind) };
}

describe("quiz session: hints", () => {
	it("the client sees how many hints there are, never their text, until it asks; each one costs a quarter of the points", () => {
		const context = setup();
		const { session } = context;
		context.toFirstQuiz();
		const quiz = context.shown[2].step;
		expect(quiz).toMatchObject({ id: "q-single", hintCount: 2, timeLimitSeconds: 30 });
		expect((quiz as unknown as Record<string, unknown>).hints).toBe(undefined);

		expect(session.hint(USER, ["q-single"])).toBe("ok");
		context.advance(1);
		expect(session.hint(USER, ["q-single"])).toBe("ok");
		context.advance(1);
		expect(session.hint(USER, ["q-single"])).toBe("no_hints");
		expect(context.hints).toEqual([
			{ stepId: "q-single", number: 1, text: "Think of pizza slices.", remaining: 1, pointsNow: 7.5 },
			{ stepId: "q-single", number: 2, text: "Three of four is more than two of four.", remaining: 0, pointsNow: 5 },
		]);
		context.advance(2);
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		expect(context.feedback[0]).toEqual({ stepId: "q-single", correct: true, points: 5 });
		const [answer] = context.answers();
		expect(answer).toMatchObject({ kind: "answer_submitted", stepId: "q-single", hintsUsed: 2, answer: { correct: true, points: 5 } });
		expect(session.state(USER)).toMatchObject({ score: 5, hintsUsed: 0, stepIndex: 3 });
	});

	it("hints only for the question the player is on, rate-limited and checked like every remote", () => {
		const context = setup();
		const { session } = context;
		session.join(USER);
		expect(session.hint(USER, ["q-single"])).toBe("not_current");
		expect(session.hint(USER, ["intro"])).toBe("wrong_kind");
		expect(session.hint(USER, [{ nested: "q-single" }])).toBe("invalid");
		expect(session.hint(USER, ["intro", "extra"])).toBe("invalid");
		expect(session.hint(USER, ["q-single"])).toBe("rate_limited");
		expect(session.hint(2002, ["q-single"])).toBe("no_session");
		expect(context.hints).toEqual([]);
		// A question without hints has none to give.
		context.advance(3);
		session.next(USER, ["intro"]);
		session.touched(USER, "HalfMarker");
		context.advance(3);
		session.answer(USER, ["q-single", { choiceIds: ["a"] }]);
		context.advance(3);
		expect(session.hint(USER, ["q-multi"])).toBe("no_hints");
		// A wrong answer records the hints used too (zero here).
		expect(context.answers()[0]).toMatchObject({ hintsUsed: 0, answer: { correct: false, points: 0 } });
	});
});

describe("quiz session: time limits (the server's clock decides)", () => {
	it("a question left unanswered past its limit is ended by tick: a time-out event, feedback, and the next step", () => {
		const context = setup();
		const { session } = context;
		// toFirstQuiz leaves the player 3 s into the question.
		context.toFirstQuiz();
		context.advance(27);
		session.tick();
		// At the limit, within the grace, an answer may still be on its way: nothing happens yet.
		expect(context.answers()).toEqual([]);
		context.advance(TIME_LIMIT_GRACE_SECONDS + 0.1);
		session.tick();
		expect(context.answers()).toEqual([
			{
				kind: "answer_submitted",
				robloxUserId: USER,
				lessonId: "fractions-1",
				occurredAt: "2026-11-25T15:00:00.000Z",
				stepId: "q-single",
				answer: { correct: false, points: 0 },
				hintsUsed: 0,
				timedOut: true,
			},
		]);
		expect(context.feedback).toEqual([{ stepId: "q-single", correct: false, points: 0, timedOut: true }]);
		expect(session.state(USER)).toMatchObject({ stepIndex: 3, score: 0 });
		// The answer that comes after the time-out is for a step the player has left.
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("not_current");
		session.tick();
		expect(context.answers().size()).toBe(1);
	});

	it("a right answer that arrives too late scores nothing; one within the limit scores", () => {
		const late = setup();
		late.toFirstQuiz();
		late.advance(27 + TIME_LIMIT_GRACE_SECONDS + 0.5);
		expect(late.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("timed_out");
		expect(late.answers()[0]).toMatchObject({ timedOut: true, answer: { correct: false, points: 0, choiceIds: ["b"] } });

		const onTime = setup();
		onTime.toFirstQuiz();
		onTime.advance(26);
		expect(onTime.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		expect(onTime.answers()[0]).toMatchObject({ answer: { correct: true, points: 10 } });
		expect((onTime.answers()[0] as unknown as Record<string, unknown>).timedOut).toBe(undefined);
	});

	it("steps without a limit never time out", () => {
		const context = setup(LESSON);
		context.toFirstQuiz();
		context.advance(100000);
		context.session.tick();
		expect(context.answers()).toEqual([]);
	});
});

describe("quiz session: a returning player resumes", () => {
	it("continues after the steps done elsewhere, without lesson_started, keeping the score; done questions are never asked again", () => {
		const context = setup();
		const { session } = context;
		session.join(USER, { doneStepIds: ["intro", "reach-half", "q-single"], score: 10, completed: false });
		expect(context.kinds()).toEqual([]);
		expect(context.shown[0].step).toMatchObject({ id: "q-multi" });
		expect(context.shown[0].position.index).toBe(3);
		// The earlier question cannot be answered again.
		expect(session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("not_current");
		context.advance(3);
		expect(session.answer(USER, ["q-multi", { choiceIds: ["x", "z"] }])).toBe("ok");
		context.advance(3);
		expect(session.answer(USER, ["q-num", { numeric: 0.5 }])).toBe("ok");
		context.advance(3);
		expect(session.answer(USER, ["q-order", { choiceIds: ["i1", "i2", "i3"] }])).toBe("ok");
		expect(context.events[context.events.size() - 1]).toMatchObject({ kind: "lesson_completed", score: 50 });
		expect(context.answers().map((event) => (event.kind === "answer_submitted" ? event.stepId : ""))).toEqual(["q-multi", "q-num", "q-order"]);
	});

	it("skips done steps in the middle too (a question answered before a checkpoint was reached)", () => {
		const context = setup();
		const { session } = context;
		session.join(USER, { doneStepIds: ["intro", "q-single"], score: 10, completed: false });
		expect(context.shown[0].step).toMatchObject({ id: "reach-half" });
		context.advance(3);
		expect(session.touched(USER, "HalfMarker")).toBe("ok");
		expect(context.shown[1].step).toMatchObject({ id: "q-multi" });
	});

	it("a completed lesson stays completed: nothing shown but the end, nothing recorded", () => {
		const context = setup();
		context.session.join(USER, { doneStepIds: ["intro"], score: 50, completed: true });
		expect(context.events).toEqual([]);
		expect(context.shown[0].step).toBe(undefined);
		expect(context.session.state(USER)).toMatchObject({ done: true, score: 50 });
	});

	it("nothing to resume (a new player, or no progress): the lesson starts as usual", () => {
		const context = setup();
		context.session.join(USER, { doneStepIds: [], score: 0, completed: false });
		expect(context.kinds()).toEqual(["lesson_started"]);
		expect(context.shown[0].step).toMatchObject({ id: "intro" });
	});
});
