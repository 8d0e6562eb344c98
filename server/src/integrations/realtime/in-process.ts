/**
 * Embedded realtime driver: an EventEmitter in this process. The dashboard's live views subscribe through
 * `subscribe` (e.g. behind a server-sent-events route) instead of Pusher's websocket.
 * It enforces Pusher's limits, so code that works here does not break when Pusher is switched on.
 */
import { EventEmitter } from "node:events";
import type { RealtimePublisher } from "../../infrastructure.types";

export interface RealtimeMessage {
	readonly channel: string;
	readonly event: string;
	readonly data: unknown;
}
export type RealtimeListener = (message: RealtimeMessage) => void;

/** Pusher: channel names up to 164 chars of [A-Za-z0-9_\-=@,.;], event names up to 200, data up to 10 KB. */
const CHANNEL_PATTERN = /^[A-Za-z0-9_\-=@,.;]{1,164}$/;
const MAX_EVENT_LENGTH = 200;
const MAX_DATA_BYTES = 10 * 1024;
const ANY_CHANNEL = "*";

export class InProcessRealtime implements RealtimePublisher {
	readonly driver = "in-process";
	private readonly emitter = new EventEmitter();

	constructor() {
		// Every open dashboard tab is a listener; the default limit of 10 would warn spuriously.
		this.emitter.setMaxListeners(0);
	}

	async publish(channel: string, event: string, data: unknown): Promise<void> {
		const message = toMessage(channel, event, data);
		this.emitter.emit(channel, message);
		this.emitter.emit(ANY_CHANNEL, message);
	}

	/** Listens to one channel, or every channel with "*"; returns the unsubscribe function. */
	subscribe(channel: string, listener: RealtimeListener): () => void {
		this.emitter.on(channel, listener);
		return () => this.emitter.off(channel, listener);
	}
}

/** Subscribes through whichever publisher the infrastructure holds; only the in-process one can be subscribed to here. */
export function subscribe(publisher: RealtimePublisher, channel: string, listener: RealtimeListener): () => void {
	if (!(publisher instanceof InProcessRealtime)) throw new Error(`The ${publisher.driver} realtime driver has no in-process subscribers`);
	return publisher.subscribe(channel, listener);
}

/** Validates like Pusher does, and copies `data` through JSON as the network would. */
function toMessage(channel: string, event: string, data: unknown): RealtimeMessage {
	if (!CHANNEL_PATTERN.test(channel)) throw new Error(`Invalid realtime channel name "${channel}"`);
	if (event.length === 0 || event.length > MAX_EVENT_LENGTH) throw new Error(`Invalid realtime event name "${event}"`);
	const json = JSON.stringify(data ?? null);
	if (Buffer.byteLength(json) > MAX_DATA_BYTES) throw new Error(`Realtime event "${event}" is over ${MAX_DATA_BYTES} bytes`);
	return { channel, event, data: JSON.parse(json) };
}
