import { CollectionService, HttpService, Players, ReplicatedStorage } from "@rbxts/services";
import type { ActiveLesson } from "@toolboxai/shared";
import { gameClock } from "shared/clock";
import { REMOTE_NAMES, REMOTES_FOLDER } from "shared/remotes";
import { JOINED_CLASS_ATTRIBUTE } from "../join/start";
import { keepAnswer } from "../players/user-record";
import type { DataStoreAccess } from "../progress/datastore-calls";
import type { ServiceClient } from "../service-client";
import { resumeOnJoin } from "./resume";
import { createQuizSession, type QuizEvent, type QuizSession } from "./session";

/**
 * Engine glue for the quiz session (the rules are in ./session, tested under Lune): creates the remotes, hands
 * their raw arguments to the session, turns touches of a checkpoint's tagged parts into `touched`, and starts the
 * lesson for each player once they joined a class. Nothing a client sends is trusted here: it all goes through
 * the session's guards.
 */
export interface QuizStartDeps {
	readonly lesson: ActiveLesson;
	/** The progress sender's record (dropped when the key may not write progress). */
	readonly record: (event: QuizEvent) => unknown;
	readonly warn: (line: string) => void;
	/** The service, to resume returning players (key with runtime:read); without it everyone starts at the beginning. */
	readonly client?: ServiceClient;
	/** The students' `User_<UserId>` records (../players/user-record); undefined: answers are final on this server only. */
	readonly userRecords?: DataStoreAccess;
}

/** Seconds a student's answer may wait for DataStore budget before they are asked to try again. */
const KEEP_ANSWER_WAIT = 5;
/** Seconds a joining student's record may wait for budget (the answer's own write refuses a second answer anyway). */
const READ_RECORD_WAIT = 5;

/** How often the server checks questions' time limits. */
const TICK_SECONDS = 0.25;

function remote(folder: Folder, name: string): RemoteEvent {
	const existing = folder.FindFirstChild(name);
	if (existing?.IsA("RemoteEvent")) return existing;
	const created = new Instance("RemoteEvent");
	created.Name = name;
	created.Parent = folder;
	return created;
}

export function remotesFolder(): Folder {
	const existing = ReplicatedStorage.FindFirstChild(REMOTES_FOLDER);
	if (existing?.IsA("Folder")) return existing;
	const folder = new Instance("Folder");
	folder.Name = REMOTES_FOLDER;
	folder.Parent = ReplicatedStorage;
	return folder;
}

export function startQuiz(deps: QuizStartDeps): QuizSession {
	const folder = remotesFolder();
	const stepRemote = remote(folder, REMOTE_NAMES.step);
	const feedbackRemote = remote(folder, REMOTE_NAMES.feedback);
	const answerRemote = remote(folder, REMOTE_NAMES.answer);
	const nextRemote = remote(folder, REMOTE_NAMES.next);
	const hintRequestRemote = remote(folder, REMOTE_NAMES.hintRequest);
	const hintRemote = remote(folder, REMOTE_NAMES.hint);
	const noticeRemote = remote(folder, REMOTE_NAMES.notice);
	const random = new Random();
	const records = deps.userRecords;

	const session = createQuizSession({
		lessonId: deps.lesson.lessonId,
		content: deps.lesson.content,
		record: deps.record,
		now: gameClock,
		isoNow: () => DateTime.now().ToIsoDate(),
		random: () => random.NextNumber(),
		show: (userId, step, position) => {
			const player = Players.GetPlayerByUserId(userId);
			if (player) stepRemote.FireClient(player, step, position);
		},
		feedback: (userId, feedback) => {
			const player = Players.GetPlayerByUserId(userId);
			if (player) feedbackRemote.FireClient(player, feedback);
		},
		hint: (userId, hint) => {
			const player = Players.GetPlayerByUserId(userId);
			if (player) hintRemote.FireClient(player, hint);
		},
		notice: (userId, notice) => {
			const player = Players.GetPlayerByUserId(userId);
			if (player) noticeRemote.FireClient(player, notice);
		},
		keepAnswer:
			records && ((userId, stepId, points) => keepAnswer(records, userId, deps.lesson.lessonId, stepId, points, HttpService.GenerateGUID(false).sub(1, 8), KEEP_ANSWER_WAIT)),
	});

	// Everything after the player is packed as it came: the session checks count, types and sizes.
	answerRemote.OnServerEvent.Connect((player, ...args: Array<unknown>) => session.answer(player.UserId, args));
	nextRemote.OnServerEvent.Connect((player, ...args: Array<unknown>) => session.next(player.UserId, args));
	hintRequestRemote.OnServerEvent.Connect((player, ...args: Array<unknown>) => session.hint(player.UserId, args));

	// Time limits: the server's clock ends questions, whatever a client does.
	task.spawn(() => {
		for (;;) {
			session.tick();
			task.wait(TICK_SECONDS);
		}
	});

	// Checkpoints: the server's own Touched events on the tagged parts, never a client's word.
	const watched = new Set<string>();
	for (const step of deps.lesson.content.steps) {
		if (step.kind !== "checkpoint" || watched.has(step.target)) continue;
		const tag = step.target;
		watched.add(tag);
		const watch = (instance: Instance) => {
			if (!instance.IsA("BasePart")) return;
			instance.Touched.Connect((hit) => {
				const character = hit.FindFirstAncestorOfClass("Model");
				const player = character && Players.GetPlayerFromCharacter(character);
				if (player) session.touched(player.UserId, tag);
			});
		};
		CollectionService.GetTagged(tag).forEach(watch);
		CollectionService.GetInstanceAddedSignal(tag).Connect(watch);
	}

	// A player starts the lesson once they are in a class (../join sets the attribute): the service refuses progress
	// of a Roblox user no class knows, so starting earlier would record events that can never be delivered.
	// A returning player continues where the service says they are (one lookup per player, on its own thread).
	const starting = new Set<number>();
	const follow = (player: Player) => {
		const begin = () => {
			if (player.GetAttribute(JOINED_CLASS_ATTRIBUTE) === undefined || starting.has(player.UserId)) return;
			starting.add(player.UserId);
			task.spawn(() => {
				const client = deps.client;
				// Questions answered on any server, their progress maybe not delivered yet, are done too.
				const resume = resumeOnJoin(
					{ client, warn: deps.warn, sleep: (seconds) => task.wait(seconds), records, recordWait: READ_RECORD_WAIT },
					player.UserId,
					deps.lesson.lessonId,
				);
				if (player.Parent !== undefined) session.join(player.UserId, resume);
				starting.delete(player.UserId);
			});
		};
		player.GetAttributeChangedSignal(JOINED_CLASS_ATTRIBUTE).Connect(begin);
		begin();
	};
	Players.PlayerAdded.Connect(follow);
	Players.PlayerRemoving.Connect((player) => session.leave(player.UserId));
	Players.GetPlayers().forEach(follow);
	return session;
}

/** What startQuizWhenLoaded needs of the content loader (../content). */
export interface LessonSource {
	current(): { items: ReadonlyArray<ActiveLesson> } | undefined;
	onChanged(listener: (content: { items: ReadonlyArray<ActiveLesson> }) => void): () => void;
}

/**
 * Starts the quiz with the first active lesson as soon as content has loaded. Later content changes do not swap the
 * lesson under players already in it (a new server picks them up).
 */
export function startQuizWhenLoaded(source: LessonSource, deps: Omit<QuizStartDeps, "lesson">): void {
	let started = false;
	const play = (content: { items: ReadonlyArray<ActiveLesson> }) => {
		const lesson = content.items[0];
		if (started || lesson === undefined) return;
		started = true;
		startQuiz({ ...deps, lesson });
	};
	const loaded = source.current();
	if (loaded !== undefined) play(loaded);
	source.onChanged(play);
}
