import { ClassJoined, ClassJoinRequest } from "@toolboxai/shared";
import { t } from "@rbxts/t";
import { parse } from "@toolboxai/shared/out/luau";
import { JOIN_INPUT_MAX, JOIN_INPUT_MIN, normaliseJoinCode, type JoinAnswer } from "shared/join-code";
import { keepJoin, readUserRecord } from "../players/user-record";
import type { DataStoreAccess } from "../progress/datastore-calls";
import { createRateLimiter } from "../quiz/rate-limit";
import type { ServiceClient } from "../service-client";

/**
 * A student typed a class code (RemoteFunction from the client): the argument is untrusted, so it is checked with
 * `t` before anything else, each player gets a few tries a minute (a code is 7 of 20 symbols: the limit is what
 * keeps guessing useless), one join at a time per player, and the service's answer is mapped to what a child
 * needs to read. Only the UserId and display name go to the service (often children: no email, no real name).
 *
 * The tries are counted per UserId for the window, whether the player stays or leaves and comes back.
 * While the service cannot be reached (no client yet, `offline()` true) a well-formed code is kept and the student
 * may play the deployed release's lessons at once ("joined_offline"); `connect` sends the kept joins first thing once
 * the service answers, so the progress kept meanwhile belongs to a class member when it is sent.
 *
 * A kept join also goes into the student's `User_<UserId>` record (../players/user-record), so it outlives this
 * server: if it closes before the service answers, the server that adopts its saved progress (or that the student
 * joins next) sends the join first (`restore`). Once the service took a join, the record holds the class name.
 */
export const JOIN_PATH = "/v1/runtime/classes/join";
export const DISPLAY_NAME_MAX = 40;

export interface JoinPlayer {
	readonly UserId: number;
	readonly DisplayName: string;
}

export interface JoinHandlerDeps {
	/** Undefined until the service answered the start check. */
	readonly client?: ServiceClient;
	readonly now: () => number;
	readonly warn: (line: string) => void;
	/** Tries per player per window; default 5. */
	readonly maxTries?: number;
	/** Seconds; default 60. */
	readonly window?: number;
	/** True while the service cannot be reached (not when it refused this server): joins are kept for later. */
	readonly offline?: () => boolean;
	/** Waits between tries of a kept join (task.wait in the game). */
	readonly sleep?: (seconds: number) => void;
	/** The students' `User_<UserId>` records; undefined: kept joins live in this server's memory only. */
	readonly records?: DataStoreAccess;
	/** Unix seconds (os.time): when a join was kept. */
	readonly wallNow?: () => number;
}

/** A kept join, sent once the service answers. */
export interface SettledJoin {
	readonly userId: number;
	readonly answer: JoinAnswer;
}

export interface JoinHandler {
	/** The RemoteFunction's OnServerInvoke body: `code` is whatever the client sent. */
	handle(player: JoinPlayer, code: unknown): JoinAnswer;
	/**
	 * Hands over the service client and sends the joins kept while it was away (up to 3 tries each); yields.
	 * Returns how each ended: joined, wrong_code (the kept progress of that student will be refused), or try_later.
	 */
	connect(client: ServiceClient): Array<SettledJoin>;
	/** Joins kept while the service is away, by UserId (for specs). */
	pending(): ReadonlyArray<number>;
	/**
	 * A join another server kept for this student (their record says so) and never sent: sent now if the service
	 * answers, kept here if it is away. A student whose record names the class the service took (with its id) is
	 * answered "joined" from the record, service or not. Undefined when the record holds neither. `displayName`: the player's,
	 * when they are here (else Player<UserId>, as for an empty name). Yields.
	 */
	restore(userId: number, displayName?: string): JoinAnswer | undefined;
}

/** The only shape a join argument may have; length checked before any string work on it (a code is ASCII: bytes are characters). */
export function isJoinArgument(value: unknown): value is string {
	return t.string(value) && value.size() >= JOIN_INPUT_MIN && value.size() <= JOIN_INPUT_MAX;
}

/** A display name as the service takes it: 1–40 characters, cut on a UTF-8 boundary. */
export function trimDisplayName(name: string, userId: number): string {
	let out = "";
	let count = 0;
	for (const [, codepoint] of utf8.codes(name)) {
		if (count >= DISPLAY_NAME_MAX) break;
		out += utf8.char(codepoint);
		count += 1;
	}
	return count === 0 ? `Player${userId}` : out;
}

const TRY_LATER: JoinAnswer = { status: "try_later" };

const KEPT_JOIN_TRIES = 3;

export function createJoinHandler(deps: JoinHandlerDeps): JoinHandler {
	const limiter = createRateLimiter(deps.maxTries ?? 5, deps.window ?? 60, deps.now);
	const inFlight = new Set<number>();
	const kept = new Map<number, { joinCode: string; displayName: string }>();
	let client = deps.client;
	const records = deps.records;

	/** Writes the outcome of a join into the student's record (best effort: a failed write is logged). */
	function remember(userId: number, change: Parameters<typeof keepJoin>[2]) {
		if (records === undefined) return;
		if (!keepJoin(records, userId, change, 2)) deps.warn(`[ToolBoxAI] Could not write player ${userId}'s class join into their DataStore record.`);
	}

	/** A join's answer, written into the record: the class joined, or a code the service refuses dropped. */
	function settle(userId: number, answer: JoinAnswer) {
		if (answer.status === "joined") remember(userId, { className: answer.className, classId: answer.classId });
		else if (answer.status === "wrong_code") remember(userId, { clear: true });
	}

	/** The service's answer to one join, as the student hears it. */
	function send(service: ServiceClient, userId: number, joinCode: string, displayName: string): JoinAnswer {
		const [ran, result] = pcall(() => service.call({ method: "POST", path: JOIN_PATH, schema: ClassJoined, body: { joinCode, robloxUserId: userId, displayName } }));
		if (!ran) {
			deps.warn(`[ToolBoxAI] Class join failed: ${tostring(result)}`);
			return TRY_LATER;
		}
		if (result.ok) return { status: "joined", className: result.value.className, classId: result.value.classId };
		// 404: unknown, rotated, expired or archived (the service does not say which); 400/422: a code it refuses.
		if (result.reason === "server_error" && (result.status === 404 || result.status === 400 || result.status === 422)) {
			return { status: "wrong_code" };
		}
		// Billing: 409 is the seats bought all taken; 402 the school's subscription (or trial) has ended.
		if (result.reason === "server_error" && result.status === 409) return { status: "class_full" };
		if (result.reason === "server_error" && result.status === 402) return { status: "subscription_ended" };
		// The detail is for the developer's log; the student only hears "try later".
		deps.warn(`[ToolBoxAI] Class join failed: ${result.message}`);
		return TRY_LATER;
	}

	return {
		handle(player, code) {
			// Every try counts, malformed ones too: a client spamming garbage is held back like one guessing codes.
			if (!limiter.hit(player.UserId)) return TRY_LATER;
			if (!isJoinArgument(code)) return { status: "bad_code" };
			const joinCode = normaliseJoinCode(code);
			// What goes to the service is what its contract takes.
			if (joinCode === undefined || !parse(ClassJoinRequest.shape.joinCode, joinCode).ok) return { status: "bad_code" };
			const displayName = trimDisplayName(player.DisplayName, player.UserId);
			const service = client;
			if (service === undefined) {
				if (deps.offline?.() !== true) return TRY_LATER;
				kept.set(player.UserId, { joinCode, displayName });
				remember(player.UserId, { code: joinCode, at: deps.wallNow?.() ?? 0 });
				return { status: "joined_offline" };
			}
			if (inFlight.has(player.UserId)) return TRY_LATER;
			inFlight.add(player.UserId);
			const answer = send(service, player.UserId, joinCode, displayName);
			inFlight.delete(player.UserId);
			if (answer.status === "joined") settle(player.UserId, answer);
			return answer;
		},
		connect(service) {
			client = service;
			const settled = new Array<SettledJoin>();
			for (const [userId, join] of kept) {
				let answer: JoinAnswer = TRY_LATER;
				for (let attempt = 1; attempt <= KEPT_JOIN_TRIES && answer.status === "try_later"; attempt++) {
					if (attempt > 1) deps.sleep?.(attempt * 2);
					answer = send(service, userId, join.joinCode, join.displayName);
				}
				if (answer.status !== "joined") {
					deps.warn(`[ToolBoxAI] The class join player ${userId} typed while the service was away ended as ${answer.status}: the service will refuse their kept progress.`);
				}
				settle(userId, answer);
				settled.push({ userId, answer });
			}
			kept.clear();
			return settled;
		},
		pending() {
			const ids = new Array<number>();
			for (const [userId] of kept) ids.push(userId);
			return ids;
		},
		restore(userId, displayName) {
			if (kept.has(userId)) return { status: "joined_offline" };
			if (records === undefined || inFlight.has(userId)) return undefined;
			inFlight.add(userId);
			const [ran, answer] = pcall((): JoinAnswer | undefined => {
				const record = readUserRecord(records, userId, 2);
				const join = record?.join;
				// Already a member (the record keeps the class the service took): in the class at once, nothing to send.
				if (join === undefined && record?.classId !== undefined && record.className !== undefined) {
					return { status: "joined", className: record.className, classId: record.classId };
				}
				if (join === undefined) return undefined;
				const name = trimDisplayName(displayName ?? "", userId);
				const service = client;
				if (service === undefined) {
					if (deps.offline?.() !== true) return undefined;
					kept.set(userId, { joinCode: join.code, displayName: name });
					return { status: "joined_offline" };
				}
				const sent = send(service, userId, join.code, name);
				settle(userId, sent);
				return sent;
			});
			inFlight.delete(userId);
			if (!ran) deps.warn(`[ToolBoxAI] Could not restore player ${userId}'s kept class join: ${tostring(answer)}`);
			return ran ? answer : undefined;
		},
	};
}
