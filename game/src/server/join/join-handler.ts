import { ClassJoined } from "@toolboxai/shared";
import { t } from "@rbxts/t";
import { JOIN_INPUT_MAX, JOIN_INPUT_MIN, normaliseJoinCode, type JoinAnswer } from "shared/join-code";
import type { ServiceClient } from "../service-client";

/**
 * A student typed a class code (RemoteFunction from the client): the argument is untrusted, so it is checked with
 * `t` before anything else, each player gets a few tries a minute (a code is 7 of 20 symbols: the limit is what
 * keeps guessing useless), one join at a time per player, and the service's answer is mapped to what a child
 * needs to read. Only the UserId and display name go to the service (often children: no email, no real name).
 */
export const JOIN_PATH = "/v1/runtime/classes/join";
export const DISPLAY_NAME_MAX = 40;

export interface JoinPlayer {
	readonly UserId: number;
	readonly DisplayName: string;
}

export interface JoinHandlerDeps {
	readonly client: ServiceClient;
	readonly now: () => number;
	readonly warn: (line: string) => void;
	/** Tries per player per window; default 5. */
	readonly maxTries?: number;
	/** Seconds; default 60. */
	readonly window?: number;
}

export interface JoinHandler {
	/** The RemoteFunction's OnServerInvoke body: `code` is whatever the client sent. */
	handle(player: JoinPlayer, code: unknown): JoinAnswer;
	/** Drops a player's counters (PlayerRemoving). */
	forget(userId: number): void;
}

/** The only shape a join argument may have; length checked before any string work on it. */
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

export function createJoinHandler(deps: JoinHandlerDeps): JoinHandler {
	const maxTries = deps.maxTries ?? 5;
	const window = deps.window ?? 60;
	const tries = new Map<number, Array<number>>();
	const inFlight = new Set<number>();

	/** Sliding window: true when this try is allowed (and counted). */
	function take(userId: number): boolean {
		const now = deps.now();
		const recent = (tries.get(userId) ?? []).filter((at) => now - at < window);
		if (recent.size() >= maxTries) {
			tries.set(userId, recent);
			return false;
		}
		recent.push(now);
		tries.set(userId, recent);
		return true;
	}

	return {
		handle(player, code) {
			// Every try counts, malformed ones too: a client spamming garbage is held back like one guessing codes.
			if (!take(player.UserId)) return TRY_LATER;
			if (!isJoinArgument(code)) return { status: "bad_code" };
			const joinCode = normaliseJoinCode(code);
			if (joinCode === undefined) return { status: "bad_code" };
			if (inFlight.has(player.UserId)) return TRY_LATER;
			inFlight.add(player.UserId);
			const [ran, result] = pcall(() =>
				deps.client.call({
					method: "POST",
					path: JOIN_PATH,
					schema: ClassJoined,
					body: { joinCode, robloxUserId: player.UserId, displayName: trimDisplayName(player.DisplayName, player.UserId) },
				}),
			);
			inFlight.delete(player.UserId);
			if (!ran) {
				deps.warn(`[ToolBoxAI] Class join failed: ${tostring(result)}`);
				return TRY_LATER;
			}
			if (result.ok) return { status: "joined", className: result.value.className };
			// 404: unknown, rotated, expired or archived (the service does not say which); 400/422: a code it refuses.
			if (result.reason === "server_error" && (result.status === 404 || result.status === 400 || result.status === 422)) {
				return { status: "wrong_code" };
			}
			// The detail is for the developer's log; the student only hears "try later".
			deps.warn(`[ToolBoxAI] Class join failed: ${result.message}`);
			return TRY_LATER;
		},
		forget(userId) {
			tries.delete(userId);
		},
	};
}
