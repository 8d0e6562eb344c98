import { REALTIME_EVENTS } from "@toolboxai/shared";
import type { LiveTransport, TransportCallbacks } from "./live-types";

export interface SseOptions {
	/** A fresh single-use ticket for each connection. */
	readonly ticket: () => Promise<string>;
	/** The service beats every 15 s: silence this long means the connection is gone (default 40 s). */
	readonly silenceMs?: number;
	/** Failed connections in a row before the indicator says offline (default 3). */
	readonly offlineAfter?: number;
	readonly EventSource?: typeof EventSource;
}

const STREAM_EVENTS = Object.values(REALTIME_EVENTS);

/**
 * The service's own stream (GET /v1/events). Each connection takes a new ticket, so the browser's own EventSource
 * retry (which would present a used ticket) is replaced by ours: close, back off (1, 2, 4 … 15 s), ask for a ticket,
 * reopen with the last event id, so the service replays what was missed or says to resync.
 */
export function sseTransport(callbacks: TransportCallbacks, options: SseOptions): LiveTransport {
	const silenceMs = options.silenceMs ?? 40_000;
	const offlineAfter = options.offlineAfter ?? 3;
	let channels: ReadonlyArray<string> = [];
	let source: EventSource | undefined;
	let lastEventId: string | undefined;
	let failures = 0;
	let everConnected = false;
	let closed = false;
	let generation = 0;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;
	let silenceTimer: ReturnType<typeof setTimeout> | undefined;

	const stop = () => {
		source?.close();
		source = undefined;
		clearTimeout(retryTimer);
		clearTimeout(silenceTimer);
	};
	const retryLater = () => {
		stop();
		if (closed) return;
		failures += 1;
		callbacks.onStatus(failures >= offlineAfter ? "offline" : everConnected ? "reconnecting" : "connecting");
		retryTimer = setTimeout(() => void open(), Math.min(15_000, 1000 * 2 ** (failures - 1)));
	};
	const alive = () => {
		clearTimeout(silenceTimer);
		silenceTimer = setTimeout(retryLater, silenceMs);
	};

	async function open(): Promise<void> {
		stop();
		if (closed || channels.length === 0) return;
		const mine = ++generation;
		let ticket: string;
		try {
			ticket = await options.ticket();
		} catch {
			if (mine === generation) retryLater();
			return;
		}
		if (mine !== generation || closed) return;
		const query = new URLSearchParams({ channels: channels.join(","), ticket });
		if (lastEventId !== undefined) query.set("lastEventId", lastEventId);
		const Source = options.EventSource ?? globalThis.EventSource;
		const opened = new Source(`/v1/events?${query.toString()}`);
		source = opened;
		opened.onopen = () => {
			const wasDown = failures > 0 || everConnected;
			failures = 0;
			everConnected = true;
			callbacks.onStatus("connected");
			alive();
			// Without a last event id the service cannot replay: what happened while away must be read again.
			if (wasDown && lastEventId === undefined) callbacks.onResync();
		};
		opened.onerror = () => {
			if (source === opened) retryLater();
		};
		for (const name of STREAM_EVENTS) {
			opened.addEventListener(name, (message) => {
				const event = message as MessageEvent<string>;
				alive();
				if (event.lastEventId !== "") lastEventId = event.lastEventId;
				if (name === REALTIME_EVENTS.heartbeat) return;
				if (name === REALTIME_EVENTS.resync) return callbacks.onResync();
				const parsed = JSON.parse(event.data) as { channel: string; data: unknown };
				callbacks.onEvent({ channel: parsed.channel, event: name, data: parsed.data });
			});
		}
	}

	return {
		setChannels(next) {
			const same = next.length === channels.length && next.every((c) => channels.includes(c));
			channels = [...next];
			if (!same) void open();
		},
		close() {
			closed = true;
			stop();
		},
	};
}
