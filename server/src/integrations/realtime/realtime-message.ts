import { randomBytes } from "node:crypto";
import { MAX_EVENT_BYTES, REALTIME_EVENT_CONTRACTS, type AnySchema } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";

/** One event as the bus carries it to every instance's streams: the id is given once, by the publisher. */
export interface RealtimeMessage {
	readonly id: string;
	readonly channel: string;
	readonly event: string;
	readonly data: unknown;
}

/** The bus topic realtime events travel on. */
export const REALTIME_TOPIC = "realtime";

/** Pusher: channel names of [A-Za-z0-9_\-=@,.;], at most 164 characters (Pusher's support answer; its Node library allows 200). */
const CHANNEL_PATTERN = /^[A-Za-z0-9_\-=@,.;]{1,164}$/;

export function isValidChannelName(channel: string): boolean {
	return CHANNEL_PATTERN.test(channel);
}

/**
 * Builds the message, or says why it cannot be sent: a bad channel name, an event without a contract, data that
 * breaks its contract or is over Pusher's 10 KB. These are mistakes in our code, never in the caller's request.
 */
export function toRealtimeMessage(channel: string, event: string, data: unknown): RealtimeMessage {
	if (!isValidChannelName(channel)) throw new Error(`Invalid realtime channel name "${channel}"`);
	const contract = (REALTIME_EVENT_CONTRACTS as Record<string, AnySchema>)[event];
	if (contract === undefined) throw new Error(`Realtime event "${event}" has no contract in shared/src/contracts/realtime.ts`);
	const checked = parse(contract, data, { unknownKeys: "reject" });
	if (!checked.ok) throw new Error(`Realtime event "${event}" does not match its contract: ${checked.issues.map((issue) => `${issue.path} ${issue.message}`).join("; ")}`);
	const json = JSON.stringify(checked.value);
	if (Buffer.byteLength(json) > MAX_EVENT_BYTES) throw new Error(`Realtime event "${event}" is over ${MAX_EVENT_BYTES} bytes`);
	return { id: newEventId(), channel, event, data: JSON.parse(json) };
}

/** Unique across instances (a stream resumes from it on any instance); sorts by time, roughly. */
function newEventId(): string {
	return `${Date.now().toString(36)}-${randomBytes(6).toString("base64url")}`;
}
