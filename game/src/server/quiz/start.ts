import { CollectionService, HttpService, Players, ReplicatedStorage } from "@rbxts/services";
import type { ActiveLesson } from "@toolboxai/shared";
import { gameClock } from "shared/clock";
import { REMOTE_NAMES, REMOTES_FOLDER } from "shared/remotes";
import { CHOOSE_LESSON_REMOTE, LESSON_MENU_REMOTE } from "shared/lesson-menu";
import { JOINED_CLASS_ATTRIBUTE, JOINED_CLASS_ID_ATTRIBUTE } from "../join/start";
import { createLessonRouter, type LessonRouter } from "../lessons/lesson-router";
import { keepAnswer, keepJoin } from "../players/user-record";
import type { DataStoreAccess } from "../progress/datastore-calls";
import type { ServiceClient } from "../service-client";
import { resumeAllOnJoin } from "./resume";
import { createQuizSession, type QuizEvent } from "./session";

/**
 * Engine glue for the lessons students play (the rules are in ./session and ../lessons/lesson-router, tested under
 * Lune): creates the remotes, hands their raw arguments to the router (which hands them to the student's session),
 * turns touches of a checkpoint's tagged parts into `touched`, and offers each player their class's lessons once they
 * are in a class. Nothing a client sends is trusted here: it all goes through the router's and sessions' guards.
 */
export interface QuizStartDeps {
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

/**
 * Starts the lessons of every class: the router gets content through `setContent` (from the loader, see
 * startQuizWhenLoaded), and each player is offered their class's lessons once they are in a class.
 */
export function startLessons(deps: QuizStartDeps): LessonRouter {
	const folder = remotesFolder();
	const stepRemote = remote(folder, REMOTE_NAMES.step);
	const feedbackRemote = remote(folder, REMOTE_NAMES.feedback);
	const answerRemote = remote(folder, REMOTE_NAMES.answer);
	const nextRemote = remote(folder, REMOTE_NAMES.next);
	const hintRequestRemote = remote(folder, REMOTE_NAMES.hintRequest);
	const hintRemote = remote(folder, REMOTE_NAMES.hint);
	const noticeRemote = remote(folder, REMOTE_NAMES.notice);
	const menuRemote = remote(folder, LESSON_MENU_REMOTE);
	const chooseRemote = remote(folder, CHOOSE_LESSON_REMOTE);
	const random = new Random();
	const records = deps.userRecords;
	const toPlayer = (userId: number, send: (player: Player) => void) => {
		const player = Players.GetPlayerByUserId(userId);
		if (player) send(player);
	};

	// Checkpoints: the server's own Touched events on the tagged parts, never a client's word. Each lesson version's
	// tags are watched once its session exists (students of other lessons touching them change nothing).
	const watched = new Set<string>();
	let router: LessonRouter | undefined;
	const watchTags = (steps: ActiveLesson["content"]["steps"]) => {
		for (const step of steps) {
			if (step.kind !== "checkpoint" || watched.has(step.target)) continue;
			const tag = step.target;
			watched.add(tag);
			const watch = (instance: Instance) => {
				if (!instance.IsA("BasePart")) return;
				instance.Touched.Connect((hit) => {
					const character = hit.FindFirstAncestorOfClass("Model");
					const player = character && Players.GetPlayerFromCharacter(character);
					if (player) router?.touched(player.UserId, tag);
				});
			};
			CollectionService.GetTagged(tag).forEach(watch);
			CollectionService.GetInstanceAddedSignal(tag).Connect(watch);
		}
	};

	const lessons = createLessonRouter({
		record: deps.record,
		showMenu: (userId, menu) => toPlayer(userId, (player) => menuRemote.FireClient(player, menu)),
		makeSession: (lesson, record) => {
			watchTags(lesson.content.steps);
			return createQuizSession({
				lessonId: lesson.lessonId,
				content: lesson.content,
				record,
				now: gameClock,
				isoNow: () => DateTime.now().ToIsoDate(),
				random: () => random.NextNumber(),
				show: (userId, step, position) => toPlayer(userId, (player) => stepRemote.FireClient(player, step, position)),
				feedback: (userId, feedback) => toPlayer(userId, (player) => feedbackRemote.FireClient(player, feedback)),
				hint: (userId, hint) => toPlayer(userId, (player) => hintRemote.FireClient(player, hint)),
				notice: (userId, notice) => toPlayer(userId, (player) => noticeRemote.FireClient(player, notice)),
				keepAnswer:
					records && ((userId, stepId, points) => keepAnswer(records, userId, lesson.lessonId, stepId, points, HttpService.GenerateGUID(false).sub(1, 8), KEEP_ANSWER_WAIT)),
			});
		},
	});
	router = lessons;

	// Everything after the player is packed as it came: the router and the sessions check count, types and sizes.
	answerRemote.OnServerEvent.Connect((player, ...args: Array<unknown>) => lessons.answer(player.UserId, args));
	nextRemote.OnServerEvent.Connect((player, ...args: Array<unknown>) => lessons.next(player.UserId, args));
	hintRequestRemote.OnServerEvent.Connect((player, ...args: Array<unknown>) => lessons.hint(player.UserId, args));
	chooseRemote.OnServerEvent.Connect((player, ...args: Array<unknown>) => lessons.choose(player.UserId, args));

	// Time limits: the server's clock ends questions, whatever a client does.
	task.spawn(() => {
		for (;;) {
			lessons.tick();
			task.wait(TICK_SECONDS);
		}
	});

	// A player is offered their class's lessons once they are in a class (../join sets the attributes): the service
	// refuses progress of a Roblox user no class knows, so starting earlier would record events that can never be
	// delivered. A join kept while the service is away names no class yet: the player hears that joining is not
	// available and is offered their lessons once the kept join goes through. Where a returning player stands comes
	// from the service and their record (one lookup per player, on its own thread).
	const starting = new Set<number>();
	const follow = (player: Player) => {
		const begin = () => {
			const className = player.GetAttribute(JOINED_CLASS_ATTRIBUTE);
			if (className === undefined || starting.has(player.UserId)) return;
			const classId = player.GetAttribute(JOINED_CLASS_ID_ATTRIBUTE);
			if (!typeIs(classId, "string")) {
				menuRemote.FireClient(player, { kind: "message", reason: "join_unavailable" });
				return;
			}
			starting.add(player.UserId);
			task.spawn(() => {
				// Questions answered on any server, their progress maybe not delivered yet, are done too.
				const resume = resumeAllOnJoin({ client: deps.client, warn: deps.warn, sleep: (seconds) => task.wait(seconds), records, recordWait: READ_RECORD_WAIT }, player.UserId);
				if (resume.removedFrom(classId)) {
					// Their teacher took them off the class's roster: forget the class here and in their record, so they
					// are asked for a class code (and may join again) instead of playing a class they are no longer in.
					if (records !== undefined) keepJoin(records, player.UserId, { forgetClassId: classId }, READ_RECORD_WAIT);
					if (player.Parent !== undefined) {
						player.SetAttribute(JOINED_CLASS_ID_ATTRIBUTE, undefined);
						player.SetAttribute(JOINED_CLASS_ATTRIBUTE, undefined);
						lessons.offer(player.UserId, undefined, resume.progressOf);
					}
				} else if (player.Parent !== undefined) lessons.offer(player.UserId, classId, resume.progressOf);
				starting.delete(player.UserId);
			});
		};
		player.GetAttributeChangedSignal(JOINED_CLASS_ATTRIBUTE).Connect(begin);
		player.GetAttributeChangedSignal(JOINED_CLASS_ID_ATTRIBUTE).Connect(begin);
		begin();
	};
	Players.PlayerAdded.Connect(follow);
	Players.PlayerRemoving.Connect((player) => lessons.leave(player.UserId));
	Players.GetPlayers().forEach(follow);
	return lessons;
}

/** What startQuizWhenLoaded needs of the content loader (../content). */
export interface LessonSource {
	current(): { items: ReadonlyArray<ActiveLesson> } | undefined;
	onChanged(listener: (content: { items: ReadonlyArray<ActiveLesson> }) => void): () => void;
	/** The school's subscription has ended (the loader dropped its content). */
	ended(): boolean;
	onEnded(listener: () => void): () => void;
}

/**
 * Starts the lessons and hands them the content as it loads and changes: students are offered what their class is
 * assigned now, and those mid-lesson keep the version they started until they finish it.
 */
export function startQuizWhenLoaded(source: LessonSource, deps: QuizStartDeps): LessonRouter {
	const lessons = startLessons(deps);
	const loaded = source.current();
	if (source.ended()) lessons.setEnded();
	else if (loaded !== undefined) lessons.setContent(loaded.items);
	source.onChanged((content) => lessons.setContent(content.items));
	source.onEnded(() => lessons.setEnded());
	return lessons;
}
