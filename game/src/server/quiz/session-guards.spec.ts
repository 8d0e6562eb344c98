import { describe, expect, it } from "@rbxts/jest-globals";
import { type LessonContent, LessonContent as LessonContentSchema } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";
import { type ClientStep, type Notice, UNREADABLE_NOTICE } from "shared/remotes";
import { LESSON, seeded } from "./lesson.spec-util";
import { createQuizSession, type QuizEvent } from "./session";

const USER = 2002;

/** `count` copies of the character with code point `code`. */
const chars = (code: number, count: number) => string.rep(utf8.char(code), count);

function setup(content: LessonContent = LESSON) {
	let time = 100;
	const events = new Array<QuizEvent>();
	const shown = new Array<ClientStep>();
	const notices = new Array<Notice>();
	const session = createQuizSession({
		lessonId: "fractions-1",
		content,
		record: (event) => events.push(event),
		now: () => time,
		isoNow: () => "2026-11-25T15:00:00.000Z",
		random: seeded(3),
		show: (_, step) => {
			if (step !== undefined) shown.push(step);
		},
		feedback: () => undefined,
		notice: (_, notice) => notices.push(notice),
	});
	return { session, events, shown, notices, advance: (seconds: number) => (time += seconds) };
}

/** Plays LESSON up to its first question (q-single), spacing calls past the rate limit. */
function toFirstQuiz(env: ReturnType<typeof setup>) {
	env.session.join(USER);
	env.advance(3);
	expect(env.session.next(USER, ["intro"])).toBe("ok");
	env.advance(3);
	expect(env.session.touched(USER, "HalfMarker")).toBe("ok");
	env.advance(3);
}

describe("quiz session: nothing a client sends reaches a progress event unless it is the lesson's own", () => {
	it("refuses an answer naming a choice the question does not have (a NUL, a made-up id), with a notice; play goes on", () => {
		const env = setup();
		toFirstQuiz(env);
		const before = env.events.size();
		for (const ids of [[string.char(0)], ["b", string.char(0)], ["zzz"], [`b${string.char(0)}`]]) {
			expect(env.session.answer(USER, ["q-single", { choiceIds: ids }])).toBe("invalid");
			env.advance(3);
		}
		expect(env.events.size()).toBe(before);
		expect(env.notices).toEqual([UNREADABLE_NOTICE, UNREADABLE_NOTICE, UNREADABLE_NOTICE, UNREADABLE_NOTICE]);
		// The question is still open and answers normally.
		expect(env.session.answer(USER, ["q-single", { choiceIds: ["b"] }])).toBe("ok");
		const answered = env.events.filter((event) => event.kind === "answer_submitted");
		expect(answered.size()).toBe(1);
		if (answered[0].kind === "answer_submitted") expect(answered[0].answer).toMatchObject({ correct: true, choiceIds: ["b"] });
	});

	it("refuses choice ids on a numeric question instead of recording them", () => {
		const env = setup();
		toFirstQuiz(env);
		for (const [stepId, ids] of [
			["q-single", ["b"]],
			["q-multi", ["x", "z"]],
		] as Array<[string, Array<string>]>) {
			expect(env.session.answer(USER, [stepId, { choiceIds: ids }])).toBe("ok");
			env.advance(3);
		}
		const before = env.events.size();
		expect(env.session.answer(USER, ["q-num", { choiceIds: ["x"] }])).toBe("invalid");
		expect(env.events.size()).toBe(before);
	});

	it("tells the player when a call could not be read (text that is not UTF-8), and records nothing", () => {
		const env = setup();
		toFirstQuiz(env);
		const before = env.events.size();
		expect(env.session.answer(USER, ["q-single", { choiceIds: [string.char(0xff)] }])).toBe("invalid");
		env.advance(3);
		expect(env.session.answer(USER, [`q-single${string.char(0xc3)}`, { choiceIds: ["b"] }])).toBe("invalid");
		env.advance(3);
		expect(env.session.hint(USER, [string.char(0xed, 0xa0, 0x80)])).toBe("invalid");
		expect(env.notices).toEqual([UNREADABLE_NOTICE, UNREADABLE_NOTICE, UNREADABLE_NOTICE]);
		expect(env.events.size()).toBe(before);
	});
});

describe("quiz session: ids in any script, up to the contract's 64 code points", () => {
	// Each id is at the contract's limit in code points and well past 64 bytes.
	const intro = chars(0x0439, 64); // Cyrillic, 128 bytes
	const question = chars(0x4e2d, 64); // CJK, 192 bytes
	const right = chars(0x1f600, 64); // emoji, 256 bytes
	const wrong = chars(0x1f601, 64);
	const UNICODE: LessonContent = {
		schemaVersion: 1,
		title: "Дроби · 分数",
		steps: [
			{ kind: "instruction", id: intro, text: "Привет" },
			{
				kind: "quiz",
				id: question,
				prompt: "哪个更大？",
				points: 10,
				question: {
					type: "single_choice",
					choices: [
						{ id: wrong, text: "1/2", correct: false },
						{ id: right, text: "3/4", correct: true },
					],
				},
			},
		],
	};

	it("the lesson is one the contract accepts", () => {
		expect(parse(LessonContentSchema, UNICODE).ok).toBe(true);
	});

	it("can be advanced and answered, and the events carry the ids as they are", () => {
		const env = setup(UNICODE);
		env.session.join(USER);
		env.advance(3);
		expect(env.session.next(USER, [intro])).toBe("ok");
		env.advance(3);
		expect(env.session.answer(USER, [question, { choiceIds: [right] }])).toBe("ok");
		expect(env.session.state(USER)).toMatchObject({ done: true, score: 10 });
		const answered = env.events.find((event) => event.kind === "answer_submitted");
		expect(answered).toMatchObject({ stepId: question, answer: { correct: true, choiceIds: [right] } });
		expect(env.notices).toEqual([]);
	});

	it("refuses an id one code point over the limit", () => {
		const env = setup(UNICODE);
		env.session.join(USER);
		env.advance(3);
		expect(env.session.next(USER, [`${intro}${utf8.char(0x0439)}`])).toBe("invalid");
		expect(env.notices).toEqual([UNREADABLE_NOTICE]);
	});
});
