import { ActiveLessons } from "@toolboxai/shared";
import { backoffDelay, type BackoffOptions } from "../progress/backoff";
import { isSubscriptionEnded, type ServiceClient } from "../service-client";

/**
 * The lesson content this experience plays (GET /v1/runtime/lessons/active), kept current by polling. The reply's
 * ETag goes back as If-None-Match, so an unchanged catalogue costs the service a 304 and no body. When the service
 * is down, refuses the key, or answers something the shared contract refuses, the last good content stays in use
 * and the next try backs off (exponential, jittered: the experience's servers that failed together do not retry
 * together). Plain logic: the clock and randomness come in, a loop in ./start drives `step`.
 * Without a client (the service has not answered the start check yet) nothing is asked: the release's lessons may
 * be played meanwhile (`useFallback`), and `connect` makes the first poll due at once.
 * A 402 `subscription_ended` is the service's answer, not an outage: the school may not play any more, so the
 * content (and any fallback) is dropped and the loader is `ended` until a later 200 brings content back; polls keep
 * the normal interval meanwhile, and a failure while ended keeps it ended.
 */
export const ACTIVE_LESSONS_PATH = "/v1/runtime/lessons/active";

export interface ContentLoaderDeps {
	/** Undefined until the service answered the start check. */
	readonly client?: ServiceClient;
	/** Seconds, steady (shared/clock in the game). */
	readonly now: () => number;
	/** In [0, 1): jitter for the backoff. */
	readonly random: () => number;
	readonly warn: (line: string) => void;
	/** Seconds between polls while the service answers; default 60. */
	readonly interval?: number;
	/** Retry steps after failures; default 5 s doubling up to 300 s. */
	readonly backoff?: BackoffOptions;
}

export type PollOutcome = "changed" | "unchanged" | "failed" | "ended";

export interface ContentLoader {
	/** The last good content, or undefined before the first successful load. */
	current(): ActiveLessons | undefined;
	/** The ETag of `current` (sent as If-None-Match). */
	etag(): string | undefined;
	/** When `step` will poll next (clock seconds). */
	nextPollAt(): number;
	/** The school's subscription has ended (402 subscription_ended): nothing may be played until a 200. */
	ended(): boolean;
	/** Failures in a row since the last good answer. */
	failures(): number;
	/** Polls when due; returns what happened, or undefined when it was not time yet. */
	step(): PollOutcome | undefined;
	/** Polls now, whatever the schedule ("failed" without asking when there is no client yet). */
	poll(): PollOutcome;
	/** Hands over the service client: the next step polls. */
	connect(client: ServiceClient): void;
	/**
	 * Content to play while the service has never answered (e.g. the lessons of the deployed release, read from the
	 * data store): used only when there is no content yet, and replaced by the service's first good answer.
	 */
	useFallback(fallback: ActiveLessons): boolean;
	/** Called with the new content each time it changes (not on a 304). Returns a disconnect function. */
	onChanged(listener: (content: ActiveLessons) => void): () => void;
	/** Called when the service says the subscription has ended (once per end, not on each poll while ended). */
	onEnded(listener: () => void): () => void;
}

/** Listeners called on their own thread each, so one that yields or errors holds up nothing. */
function listenerList<T>() {
	const listeners = new Array<(value: T) => void>();
	return {
		add(listener: (value: T) => void) {
			listeners.push(listener);
			return () => {
				const index = listeners.indexOf(listener);
				if (index >= 0) listeners.remove(index);
			};
		},
		fire(value: T) {
			for (const listener of [...listeners]) task.spawn(listener, value);
		},
	};
}

const DEFAULT_BACKOFF: BackoffOptions = { base: 5, cap: 300 };

export function createContentLoader(deps: ContentLoaderDeps): ContentLoader {
	const interval = deps.interval ?? 60;
	const backoff = deps.backoff ?? DEFAULT_BACKOFF;
	let content: ActiveLessons | undefined;
	let tag: string | undefined;
	let failed = 0;
	let dueAt = deps.now();
	let stopped = false;
	const changed = listenerList<ActiveLessons>();
	const endedListeners = listenerList<undefined>();
	let client = deps.client;

	function poll(): PollOutcome {
		if (client === undefined) return "failed";
		const result = client.call({
			method: "GET",
			path: ACTIVE_LESSONS_PATH,
			schema: ActiveLessons,
			// A tag only with content to fall back on: a 304 without cached content would leave nothing to play.
			headers: tag !== undefined && content !== undefined ? { "If-None-Match": tag } : undefined,
		});
		if (!result.ok && isSubscriptionEnded(result)) {
			failed = 0;
			dueAt = deps.now() + interval;
			if (stopped) return "ended";
			stopped = true;
			content = undefined;
			tag = undefined;
			deps.warn(`[ToolBoxAI] The school's subscription has ended: lessons stop until it subscribes again. ${result.message}`);
			endedListeners.fire(undefined);
			return "ended";
		}
		if (result.ok || result.reason === "not_modified") {
			failed = 0;
			dueAt = deps.now() + interval;
			if (!result.ok) return "unchanged";
			const newTag = result.etag;
			if (content !== undefined && newTag !== undefined && newTag === tag) return "unchanged";
			content = result.value;
			tag = newTag;
			stopped = false;
			changed.fire(result.value);
			return "changed";
		}
		failed += 1;
		const wait = math.max(backoffDelay(failed, deps.random(), backoff), result.retryAfter ?? 0);
		dueAt = deps.now() + wait;
		deps.warn(
			`[ToolBoxAI] Could not load lesson content (try ${failed}, next in ${math.ceil(wait)} s); ` +
				`${stopped ? "the subscription had ended" : content === undefined ? "no lessons yet" : "playing the last content loaded"}. ${result.message}`,
		);
		return "failed";
	}

	return {
		current() {
			return content;
		},
		etag() {
			return tag;
		},
		nextPollAt() {
			return dueAt;
		},
		ended() {
			return stopped;
		},
		failures() {
			return failed;
		},
		poll() {
			return poll();
		},
		step() {
			if (client === undefined || deps.now() < dueAt) return undefined;
			return poll();
		},
		connect(service) {
			client = service;
			dueAt = deps.now();
		},
		useFallback(fallback) {
			// Ended: the release's lessons are the school's too, and it may not play them.
			if (content !== undefined || stopped) return false;
			// No ETag: the service's next answer (200) replaces it whatever it holds.
			content = fallback;
			tag = undefined;
			changed.fire(fallback);
			return true;
		},
		onChanged(listener) {
			return changed.add(listener);
		},
		onEnded(listener) {
			return endedListeners.add(listener);
		},
	};
}
