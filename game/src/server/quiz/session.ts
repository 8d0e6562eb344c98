import type { LessonContent, LessonStep, ProgressEvent } from "@toolboxai/shared";
import { checkAnswerArgs, checkNextArgs, type ClientStep, type Feedback, type StepPosition } from "shared/remotes";
import { createRateLimiter } from "./rate-limit";
import { clientStep, type Random } from "./sanitise";
import { scoreAnswer } from "./score";

/**
 * The lesson runtime for the players of one server: where each player is, what they may answer, what is recorded.
 * Plain logic (the engine glue is ./start): remotes hand over their raw arguments, touches hand over tags.
 *
 * - The server decides everything: the step a player is on, whether an answer is correct, when a checkpoint is
 *   reached. A client can only answer the step it is on, once.
 * - Every remote call counts against the player's rate limit before it is even checked.
 * - Events go through `record` (the progress sender) in the order they happened:
 *   lesson_started, then per step [answer_submitted] step_completed, then lesson_completed with the total.
 */
/** A progress event without its id (the sender makes it), kind by kind so each keeps its own fields. */
export type QuizEvent = ProgressEvent extends infer E ? (E extends ProgressEvent ? Omit<E, "eventId"> : never) : never;

export interface QuizSessionDeps {
	readonly lessonId: string;
	readonly content: LessonContent;
	/** The progress sender's record (it accepts any of these). */
	readonly record: (event: QuizEvent) => unknown;
	/** Seconds, monotonic (os.clock). */
	readonly now: () => number;
	/** The wall clock as ISO 8601 (DateTime.now():ToIsoDate()). */
	readonly isoNow: () => string;
	readonly random: Random;
	/** Shows a step to one player (undefined: the lesson is over). */
	readonly show: (userId: number, step: ClientStep | undefined, position: StepPosition) => void;
	readonly feedback: (userId: number, feedback: Feedback) => void;
	/** Remote calls per player per window (default 4 per 2 s). */
	readonly rateLimit?: { readonly limit: number; readonly window: number };
}

export type Outcome = "ok" | "rate_limited" | "invalid" | "no_session" | "not_current" | "wrong_kind";

export interface PlayerState {
	readonly stepIndex: number;
	readonly score: number;
	readonly done: boolean;
}

export interface QuizSession {
	/** A player arrived: lesson_started and the first step. Joining twice keeps the first session. */
	join(userId: number): void;
	leave(userId: number): void;
	/** The answer remote: args are everything after the player. */
	answer(userId: number, args: ReadonlyArray<unknown>): Outcome;
	/** The next remote (instruction steps). */
	next(userId: number, args: ReadonlyArray<unknown>): Outcome;
	/** The player's character touched a part carrying `tag` (a CollectionService tag). */
	touched(userId: number, tag: string): Outcome;
	state(userId: number): PlayerState | undefined;
}

interface Player {
	stepIndex: number;
	stepStartedAt: number;
	score: number;
}

export function createQuizSession(deps: QuizSessionDeps): QuizSession {
	const steps = deps.content.steps;
	const players = new Map<number, Player>();
	const limit = deps.rateLimit ?? { limit: 4, window: 2 };
	const limiter = createRateLimiter(limit.limit, limit.window, deps.now);

	const common = (userId: number) => ({ robloxUserId: userId, lessonId: deps.lessonId, occurredAt: deps.isoNow() });

	function show(userId: number, player: Player) {
		const step = steps[player.stepIndex];
		const position = { index: player.stepIndex, total: steps.size(), lessonTitle: deps.content.title };
		deps.show(userId, step === undefined ? undefined : clientStep(step, deps.random), position);
	}

	/** The current step is done: record it and move on (the lesson ends after the last one). */
	function complete(userId: number, player: Player, step: LessonStep) {
		const durationMs = math.max(0, math.floor((deps.now() - player.stepStartedAt) * 1000));
		deps.record({ kind: "step_completed", ...common(userId), stepId: step.id, durationMs });
		player.stepIndex += 1;
		player.stepStartedAt = deps.now();
		if (player.stepIndex >= steps.size()) {
			deps.record({ kind: "lesson_completed", ...common(userId), score: player.score });
		}
		show(userId, player);
	}

	/** The player's current step when it has the id and kind a remote names. */
	function current(userId: number, stepId: string, kind: LessonStep["kind"]): Player | Outcome {
		const player = players.get(userId);
		if (player === undefined) return "no_session";
		const step = steps[player.stepIndex];
		// Also covers a second answer to a question: the player is on the next step by then.
		if (step === undefined || step.id !== stepId) return "not_current";
		if (step.kind !== kind) return "wrong_kind";
		return player;
	}

	return {
		join(userId) {
			if (players.has(userId)) return;
			const player: Player = { stepIndex: 0, stepStartedAt: deps.now(), score: 0 };
			players.set(userId, player);
			deps.record({ kind: "lesson_started", ...common(userId) });
			show(userId, player);
		},
		leave(userId) {
			players.delete(userId);
			limiter.forget(userId);
		},
		answer(userId, args) {
			if (!limiter.hit(userId)) return "rate_limited";
			if (!checkAnswerArgs(args)) return "invalid";
			const [stepId, payload] = args;
			const found = current(userId, stepId, "quiz");
			if (!typeIs(found, "table")) return found;
			const step = steps[found.stepIndex];
			if (step.kind !== "quiz") return "wrong_kind";
			const result = scoreAnswer(step.question, step.points, payload);
			found.score += result.points;
			deps.record({
				kind: "answer_submitted",
				...common(userId),
				stepId,
				answer: {
					correct: result.correct,
					points: result.points,
					choiceIds: "choiceIds" in payload ? [...payload.choiceIds] : undefined,
					numeric: "numeric" in payload ? payload.numeric : undefined,
				},
			});
			deps.feedback(userId, { stepId, correct: result.correct, points: result.points });
			complete(userId, found, step);
			return "ok";
		},
		next(userId, args) {
			if (!limiter.hit(userId)) return "rate_limited";
			if (!checkNextArgs(args)) return "invalid";
			const found = current(userId, args[0], "instruction");
			if (!typeIs(found, "table")) return found;
			complete(userId, found, steps[found.stepIndex]);
			return "ok";
		},
		touched(userId, tag) {
			// Touches come from the server's own physics, not a remote: no rate limit, but only the current checkpoint counts.
			const player = players.get(userId);
			if (player === undefined) return "no_session";
			const step = steps[player.stepIndex];
			if (step === undefined || step.kind !== "checkpoint" || step.target !== tag) return "not_current";
			complete(userId, player, step);
			return "ok";
		},
		state(userId) {
			const player = players.get(userId);
			if (player === undefined) return undefined;
			return { stepIndex: player.stepIndex, score: player.score, done: player.stepIndex >= steps.size() };
		},
	};
}
