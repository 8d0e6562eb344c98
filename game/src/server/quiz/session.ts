import type { LessonContent, LessonStep, ProgressEvent } from "@toolboxai/shared";
import {
	ALREADY_ANSWERED_NOTICE,
	checkAnswerArgs,
	checkNextArgs,
	type ClientStep,
	type Feedback,
	type HintShown,
	NOT_SAVED_NOTICE,
	type Notice,
	type StepPosition,
	UNREADABLE_NOTICE,
} from "shared/remotes";
import { createRateLimiter } from "./rate-limit";
import { clientStep, type Random } from "./sanitise";
import { pointsAfterHints, scoreAnswer } from "./score";

/**
 * The lesson runtime for the players of one server: where each player is, what they may answer, what is recorded.
 * Plain logic (the engine glue is ./start): remotes hand over their raw arguments, touches hand over tags.
 *
 * - The server decides everything: the step a player is on, whether an answer is correct, when a checkpoint is
 *   reached, how many hints were taken, when a question's time is up. A client can only answer the step it is on,
 *   once.
 * - Every remote call counts against the player's rate limit before it is even checked; one that cannot be read
 *   (the guards in shared/remotes, or choice ids the question does not have) is refused with a notice to the player
 *   and never recorded: only ids of the lesson's own content reach a progress event.
 * - Events go through `record` (the progress sender) in the order they happened:
 *   lesson_started, then per step [answer_submitted] step_completed, then lesson_completed with the total.
 * - A returning player (resume) continues after the steps the service already has: those are skipped, never scored
 *   again, and the lesson is not started over.
 * - An answer is final across servers: `keepAnswer` (the student's `User_<UserId>` record) takes the question before
 *   the answer is acknowledged or recorded. If another answer took it first (the student answered on another
 *   server, or before leaving and coming back) the question is skipped unscored; if it cannot be kept now the answer
 *   is not counted and the student is asked to try again. While it is being kept, the player's other calls wait.
 */
/** A progress event without its id (the sender makes it), kind by kind so each keeps its own fields. */
export type QuizEvent = ProgressEvent extends infer E ? (E extends ProgressEvent ? Omit<E, "eventId"> : never) : never;

/** An answer arriving this long after a question's time limit still counts: it was on its way (network latency). */
export const TIME_LIMIT_GRACE_SECONDS = 1;

export interface QuizSessionDeps {
	readonly lessonId: string;
	readonly content: LessonContent;
	/** The progress sender's record (it accepts any of these). */
	readonly record: (event: QuizEvent) => unknown;
	/** Seconds, monotonic (time()). */
	readonly now: () => number;
	/** The wall clock as ISO 8601 (DateTime.now():ToIsoDate()). */
	readonly isoNow: () => string;
	readonly random: Random;
	/** Shows a step to one player (undefined: the lesson is over). */
	readonly show: (userId: number, step: ClientStep | undefined, position: StepPosition) => void;
	readonly feedback: (userId: number, feedback: Feedback) => void;
	/** Sends one hint to one player. */
	readonly hint?: (userId: number, hint: HintShown) => void;
	/** Tells one player a call of theirs was not taken (it could not be read). */
	readonly notice?: (userId: number, notice: Notice) => void;
	/** Remote calls per player per window (default 4 per 2 s). */
	readonly rateLimit?: { readonly limit: number; readonly window: number };
	/**
	 * Takes a question as answered for good (may yield); undefined: no record across servers (Studio without
	 * DataStores), answers are final on this server only.
	 */
	readonly keepAnswer?: (userId: number, stepId: string, points: number) => "kept" | "already" | "failed";
}

export type Outcome = "ok" | "rate_limited" | "invalid" | "no_session" | "not_current" | "wrong_kind" | "no_hints" | "timed_out" | "busy" | "not_saved" | "already_answered";

export interface PlayerState {
	readonly stepIndex: number;
	readonly score: number;
	readonly done: boolean;
	readonly hintsUsed: number;
}

/** What the service already has of a returning player (GET /v1/runtime/students/:id/progress), for this lesson. */
export interface ResumePoint {
	/** Steps completed, and questions answered (their points are given). */
	readonly doneStepIds: ReadonlyArray<string>;
	readonly score: number;
	readonly completed: boolean;
}

export interface QuizSession {
	/** A player arrived: lesson_started and the first step (or where they left off). Joining twice keeps the first session. */
	join(userId: number, resume?: ResumePoint): void;
	leave(userId: number): void;
	/** The answer remote: args are everything after the player. */
	answer(userId: number, args: ReadonlyArray<unknown>): Outcome;
	/** The next remote (instruction steps). */
	next(userId: number, args: ReadonlyArray<unknown>): Outcome;
	/** The hint-request remote: the current question's next hint. */
	hint(userId: number, args: ReadonlyArray<unknown>): Outcome;
	/** The player's character touched a part carrying `tag` (a CollectionService tag). */
	touched(userId: number, tag: string): Outcome;
	/** Ends every question whose time is up (the glue calls it a few times a second). */
	tick(): void;
	state(userId: number): PlayerState | undefined;
}

interface Player {
	stepIndex: number;
	stepStartedAt: number;
	score: number;
	hintsUsed: number;
	/** When the current question times out (time limit + grace), if it has a limit. */
	deadline?: number;
	/** Steps done on an earlier server: skipped. */
	readonly done: Set<string>;
	/** An answer of theirs is being kept (keepAnswer yields): their other calls wait. */
	saving: boolean;
}

export function createQuizSession(deps: QuizSessionDeps): QuizSession {
	const steps = deps.content.steps;
	const players = new Map<number, Player>();
	const limit = deps.rateLimit ?? { limit: 4, window: 2 };
	const limiter = createRateLimiter(limit.limit, limit.window, deps.now);

	const common = (userId: number) => ({ robloxUserId: userId, lessonId: deps.lessonId, occurredAt: deps.isoNow() });

	/** The first step at or after `index` not done on an earlier server. */
	function firstOpen(player: Player, index: number): number {
		let at = index;
		while (at < steps.size() && player.done.has(steps[at].id)) at += 1;
		return at;
	}

	/** Shows the current step and starts its clock (and its countdown, if it has a time limit). */
	function enter(userId: number, player: Player) {
		const step = steps[player.stepIndex];
		player.stepStartedAt = deps.now();
		player.hintsUsed = 0;
		player.deadline =
			step !== undefined && step.kind === "quiz" && step.timeLimitSeconds !== undefined ? player.stepStartedAt + step.timeLimitSeconds + TIME_LIMIT_GRACE_SECONDS : undefined;
		const position = { index: player.stepIndex, total: steps.size(), lessonTitle: deps.content.title };
		deps.show(userId, step === undefined ? undefined : clientStep(step, deps.random), position);
	}

	/** The current step is done: record it and move on (the lesson ends after the last one). */
	function complete(userId: number, player: Player, step: LessonStep) {
		const durationMs = math.max(0, math.floor((deps.now() - player.stepStartedAt) * 1000));
		deps.record({ kind: "step_completed", ...common(userId), stepId: step.id, durationMs });
		player.stepIndex = firstOpen(player, player.stepIndex + 1);
		if (player.stepIndex >= steps.size()) {
			deps.record({ kind: "lesson_completed", ...common(userId), score: player.score });
		}
		enter(userId, player);
	}

	/**
	 * Makes the answer final (keepAnswer), then records it, tells the player and moves on. Not kept: the question
	 * stays open (not_saved), or is skipped unscored when another answer took it (already_answered).
	 */
	function settle(
		userId: number,
		player: Player,
		step: Extract<LessonStep, { kind: "quiz" }>,
		answer: { correct: boolean; points: number; choiceIds?: Array<string>; numeric?: number },
		timedOut: boolean,
	): Outcome {
		const keep = deps.keepAnswer;
		if (keep !== undefined) {
			player.saving = true;
			const [ran, kept] = pcall(() => keep(userId, step.id, answer.points));
			player.saving = false;
			const outcome = ran ? kept : "failed";
			if (outcome === "failed" && !timedOut) {
				deps.notice?.(userId, NOT_SAVED_NOTICE);
				return "not_saved";
			}
			if (outcome === "already") {
				deps.notice?.(userId, ALREADY_ANSWERED_NOTICE);
				if (players.get(userId) === player) skip(userId, player);
				return "already_answered";
			}
		}
		// The answer is final: it is recorded even if the player left while it was kept.
		if (players.get(userId) !== player) {
			record(userId, step, answer, player.hintsUsed, timedOut);
			return timedOut ? "timed_out" : "ok";
		}
		player.score += answer.points;
		record(userId, step, answer, player.hintsUsed, timedOut);
		deps.feedback(userId, { stepId: step.id, correct: answer.correct, points: answer.points, timedOut: timedOut ? true : undefined });
		complete(userId, player, step);
		return timedOut ? "timed_out" : "ok";
	}

	function record(userId: number, step: Extract<LessonStep, { kind: "quiz" }>, answer: { correct: boolean; points: number }, hintsUsed: number, timedOut: boolean) {
		deps.record({
			kind: "answer_submitted",
			...common(userId),
			stepId: step.id,
			answer,
			hintsUsed,
			timedOut: timedOut ? true : undefined,
		});
	}

	/** The current question was answered elsewhere: it counts as done here, unscored and unrecorded. */
	function skip(userId: number, player: Player) {
		const step = steps[player.stepIndex];
		if (step !== undefined) player.done.add(step.id);
		player.stepIndex = firstOpen(player, player.stepIndex + 1);
		if (player.stepIndex >= steps.size()) {
			deps.record({ kind: "lesson_completed", ...common(userId), score: player.score });
		}
		enter(userId, player);
	}

	/** The player's current step when it has the id and kind a remote names. */
	function current(userId: number, stepId: string, kind: LessonStep["kind"]): Player | Outcome {
		const player = players.get(userId);
		if (player === undefined) return "no_session";
		if (player.saving) return "busy";
		const step = steps[player.stepIndex];
		// Also covers a second answer to a question: the player is on the next step by then.
		if (step === undefined || step.id !== stepId) return "not_current";
		if (step.kind !== kind) return "wrong_kind";
		return player;
	}

	/** Choice / item ids must be the question's own: anything else is not an answer to it. */
	function namesOwnChoices(step: Extract<LessonStep, { kind: "quiz" }>, ids: ReadonlyArray<string>): boolean {
		const question = step.question;
		if (question.type === "numeric") return false;
		const known = new Set<string>();
		if (question.type === "ordering") for (const item of question.items) known.add(item.id);
		else for (const choice of question.choices) known.add(choice.id);
		return ids.every((id) => known.has(id));
	}

	function refuse(userId: number): Outcome {
		deps.notice?.(userId, UNREADABLE_NOTICE);
		return "invalid";
	}

	return {
		join(userId, resume) {
			if (players.has(userId)) return;
			const done = new Set<string>(resume?.doneStepIds ?? []);
			const player: Player = { stepIndex: 0, stepStartedAt: deps.now(), score: resume?.score ?? 0, hintsUsed: 0, done, saving: false };
			players.set(userId, player);
			const returning = resume !== undefined && (resume.completed || done.size() > 0);
			// A lesson the service knows as completed stays completed: nothing is played or recorded again.
			player.stepIndex = resume?.completed === true ? steps.size() : firstOpen(player, 0);
			if (!returning) deps.record({ kind: "lesson_started", ...common(userId) });
			enter(userId, player);
		},
		leave(userId) {
			// The rate limit is kept: a player who leaves and comes back gets no fresh allowance.
			players.delete(userId);
		},
		answer(userId, args) {
			if (!limiter.hit(userId)) return "rate_limited";
			if (!checkAnswerArgs(args)) return refuse(userId);
			const [stepId, payload] = args;
			const found = current(userId, stepId, "quiz");
			if (!typeIs(found, "table")) return found;
			const step = steps[found.stepIndex];
			if (step.kind !== "quiz") return "wrong_kind";
			if ("choiceIds" in payload && !namesOwnChoices(step, payload.choiceIds)) return refuse(userId);
			const choiceIds = "choiceIds" in payload ? [...payload.choiceIds] : undefined;
			const numeric = "numeric" in payload ? payload.numeric : undefined;
			// Too late: the server's clock decides, whatever the client's countdown showed.
			if (found.deadline !== undefined && deps.now() > found.deadline) {
				return settle(userId, found, step, { correct: false, points: 0, choiceIds, numeric }, true);
			}
			const result = scoreAnswer(step.question, step.points, payload, found.hintsUsed);
			return settle(userId, found, step, { correct: result.correct, points: result.points, choiceIds, numeric }, false);
		},
		next(userId, args) {
			if (!limiter.hit(userId)) return "rate_limited";
			if (!checkNextArgs(args)) return refuse(userId);
			const found = current(userId, args[0], "instruction");
			if (!typeIs(found, "table")) return found;
			complete(userId, found, steps[found.stepIndex]);
			return "ok";
		},
		hint(userId, args) {
			if (!limiter.hit(userId)) return "rate_limited";
			if (!checkNextArgs(args)) return refuse(userId);
			const found = current(userId, args[0], "quiz");
			if (!typeIs(found, "table")) return found;
			const step = steps[found.stepIndex];
			if (step.kind !== "quiz") return "wrong_kind";
			const hints = step.hints ?? [];
			if (found.hintsUsed >= hints.size()) return "no_hints";
			found.hintsUsed += 1;
			deps.hint?.(userId, {
				stepId: step.id,
				number: found.hintsUsed,
				text: hints[found.hintsUsed - 1],
				remaining: hints.size() - found.hintsUsed,
				pointsNow: pointsAfterHints(step.points, found.hintsUsed),
			});
			return "ok";
		},
		touched(userId, tag) {
			// Touches come from the server's own physics, not a remote: no rate limit, but only the current checkpoint counts.
			const player = players.get(userId);
			if (player === undefined) return "no_session";
			if (player.saving) return "busy";
			const step = steps[player.stepIndex];
			if (step === undefined || step.kind !== "checkpoint" || step.target !== tag) return "not_current";
			complete(userId, player, step);
			return "ok";
		},
		tick() {
			const at = deps.now();
			// Collected first: keeping an answer yields, and players may join or leave meanwhile.
			const due = new Array<[number, Player]>();
			for (const [userId, player] of players) {
				const step = steps[player.stepIndex];
				if (player.saving || player.deadline === undefined || at <= player.deadline || step === undefined || step.kind !== "quiz") continue;
				due.push([userId, player]);
			}
			for (const [userId, player] of due) {
				const step = steps[player.stepIndex];
				if (players.get(userId) !== player || player.saving || step === undefined || step.kind !== "quiz") continue;
				settle(userId, player, step, { correct: false, points: 0 }, true);
			}
		},
		state(userId) {
			const player = players.get(userId);
			if (player === undefined) return undefined;
			return { stepIndex: player.stepIndex, score: player.score, done: player.stepIndex >= steps.size(), hintsUsed: player.hintsUsed };
		},
	};
}
