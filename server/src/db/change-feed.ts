import pg from "pg";
import type { Logger } from "pino";

/**
 * Notices the database sends when a transaction commits (LISTEN/NOTIFY), for caches that must not outlive a change
 * made by any instance. `live` is true only while the listening connection is up and listening: a cache trusts its
 * copies without asking the database only then. Every time it becomes live again, `onReset` runs first (notices
 * sent while it was down are lost, so everything kept must be dropped).
 */
export interface ChangeFeed {
	readonly live: boolean;
	/** Calls `onNotice` with each notice's payload on `channel`, and `onReset` whenever notices may have been missed. */
	subscribe(channel: string, onNotice: (payload: string) => void, onReset: () => void): () => void;
	close(): Promise<void>;
}

interface Subscriber {
	readonly channel: string;
	readonly onNotice: (payload: string) => void;
	readonly onReset: () => void;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/** No listening connection (the embedded default shares one session; a test without one): never live. */
export const NO_CHANGE_FEED: ChangeFeed = { live: false, subscribe: () => () => undefined, close: async () => undefined };

/** One connection per instance, reconnected with backoff; channels are listened to as subscribers ask for them. */
export function startChangeFeed(url: string, logger: Logger): ChangeFeed {
	const subscribers = new Set<Subscriber>();
	const listening = new Set<string>();
	/** The connection being opened or in use; events from any other (an old one) are ignored. */
	let current: pg.Client | undefined;
	let live = false;
	let closed = false;
	let retryMs = RETRY_MIN_MS;
	let retryTimer: NodeJS.Timeout | undefined;
	/** The current connection is open (its channels may still be on their way). */
	let connected = false;

	const reset = () => {
		for (const subscriber of subscribers) subscriber.onReset();
	};
	const channels = () => new Set([...subscribers].map((s) => s.channel));
	const listen = async (target: pg.Client, channel: string) => {
		await target.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
		listening.add(channel);
	};
	const goDown = (target: pg.Client, reason: unknown) => {
		if (closed || target !== current) return;
		if (live) logger.warn({ err: reason }, "change feed lost its connection: caches ask the database until it is back");
		live = false;
		current = undefined;
		connected = false;
		listening.clear();
		target.removeAllListeners();
		target.on("error", () => undefined);
		target.end().catch(() => undefined);
		reset();
		retryTimer = setTimeout(connect, retryMs);
		retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
	};
	/** Listens to every channel asked for and not yet listened to, then (still the current connection) goes live. */
	const catchUp = async (target: pg.Client) => {
		for (;;) {
			const missing = [...channels()].filter((channel) => !listening.has(channel));
			if (missing.length === 0) break;
			for (const channel of missing) await listen(target, channel);
		}
		if (target === current && !live) {
			// Whatever was kept before this point may have missed a notice.
			reset();
			live = true;
			retryMs = RETRY_MIN_MS;
		}
	};
	function connect(): void {
		if (closed) return;
		const target = new pg.Client({ connectionString: url, application_name: "toolboxai-change-feed" });
		current = target;
		connected = false;
		target.on("error", (error) => goDown(target, error));
		target.on("end", () => goDown(target, new Error("connection ended")));
		target.on("notification", (message) => {
			for (const subscriber of subscribers) if (subscriber.channel === message.channel) subscriber.onNotice(message.payload ?? "");
		});
		target
			.connect()
			.then(() => {
				connected = true;
				return catchUp(target);
			})
			.catch((error: unknown) => goDown(target, error));
	}
	connect();

	return {
		get live() {
			return live;
		},
		subscribe(channel, onNotice, onReset) {
			const subscriber = { channel, onNotice, onReset };
			subscribers.add(subscriber);
			const target = current;
			if (connected && target !== undefined && !listening.has(channel)) {
				// Not live for anyone until this channel is listened to as well (a reset follows when it is).
				live = false;
				catchUp(target).catch((error: unknown) => goDown(target, error));
			}
			return () => subscribers.delete(subscriber);
		},
		async close() {
			closed = true;
			live = false;
			if (retryTimer !== undefined) clearTimeout(retryTimer);
			const target = current;
			current = undefined;
			target?.removeAllListeners();
			target?.on("error", () => undefined);
			await target?.end().catch(() => undefined);
		},
	};
}
