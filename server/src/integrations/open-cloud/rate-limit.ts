/**
 * Client-side rate limiting for Open Cloud, per key OWNER (Roblox counts across all of an owner's keys) and per
 * endpoint group, with the documented per-minute limits (facts sheet).
 *
 * Each bucket holds `limit` tokens and a spent token comes back exactly one window (60 s) after it was spent. A
 * classic bucket (capacity N, refilled at N per minute) lets 2N through in one minute (a full bucket plus a
 * minute of refill) and Roblox would answer 429; returning each token a window later means no 60-second window,
 * sliding or fixed, ever holds more than N requests, at full throughput.
 */

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type EndpointGroup = "assets-write" | "assets-operations" | "place-publish" | "place-publish-ip" | "messaging" | "data-stores" | "api-keys";

const MINUTE = 60_000;

/** Documented limits per owner per minute (facts sheet). Where two are documented, the smaller. */
export const DOCUMENTED_LIMITS: Record<EndpointGroup, number> = {
	// Assets create/update: 120/min per owner [SPEC].
	"assets-write": 120,
	// Get operation: 300/min per owner, but the key throttle is 100 per 60 s: polling must not rate-limit itself.
	"assets-operations": 100,
	// Place publishing: 30/min per key owner...
	"place-publish": 30,
	// ...and 30/min per IP: every owner publishing from this service shares one IP, so one bucket for all of them.
	"place-publish-ip": 30,
	// Messaging v2: 5000/min per owner.
	messaging: 5000,
	// Data stores: 300 writes/min per universe (v1), v2's budget is 300 + 20 x CCU shared with game servers: 300.
	"data-stores": 300,
	// Key introspection: no limit is documented; it runs once per key saved, so a modest ceiling costs nothing.
	"api-keys": 60,
};

/** One bucket's identity and size, as a window store sees it. */
export interface WindowKey {
	readonly key: string;
	readonly limit: number;
}

/**
 * Where the spent tokens live: in this process (the default, and the embedded service), or in Redis
 * (window-store-redis.ts) so every instance of the service spends from the same budget per key owner.
 */
export interface WindowStore {
	/** 0 = a token of every bucket was free and is now spent (all or none); otherwise the ms until one may be. */
	reserve(buckets: ReadonlyArray<WindowKey>, now: number, windowMs: number): Promise<number>;
	/** After a 429: nobody sends through these buckets before `until` (both times on the limiter's clock). */
	block(keys: ReadonlyArray<string>, until: number, now: number): Promise<void>;
}

class MemoryBucket {
	readonly spent: number[] = [];
	blockedUntil = 0;
}

/** The in-process store: each spent token is remembered for one window, then forgotten. */
export class MemoryWindowStore implements WindowStore {
	private readonly buckets = new Map<string, MemoryBucket>();

	private bucket(key: string): MemoryBucket {
		let bucket = this.buckets.get(key);
		if (bucket === undefined) {
			bucket = new MemoryBucket();
			this.buckets.set(key, bucket);
		}
		return bucket;
	}

	async reserve(buckets: ReadonlyArray<WindowKey>, now: number, windowMs: number): Promise<number> {
		let wait = 0;
		for (const { key, limit } of buckets) {
			const bucket = this.bucket(key);
			while (bucket.spent.length > 0 && (bucket.spent[0] as number) + windowMs <= now) bucket.spent.shift();
			const full = bucket.spent.length < limit ? 0 : (bucket.spent[bucket.spent.length - limit] as number) + windowMs - now;
			wait = Math.max(wait, bucket.blockedUntil - now, full);
		}
		if (wait > 0) return wait;
		for (const { key } of buckets) this.bucket(key).spent.push(now);
		return 0;
	}

	async block(keys: ReadonlyArray<string>, until: number, _now: number): Promise<void> {
		for (const key of keys) {
			const bucket = this.bucket(key);
			bucket.blockedUntil = Math.max(bucket.blockedUntil, until);
		}
	}
}

export interface RateLimiterOptions {
	readonly clock?: Clock;
	/** Default: in this process. Give a RedisWindowStore when several instances deploy for the same owners. */
	readonly store?: WindowStore;
	readonly limits?: Partial<Record<EndpointGroup, number>>;
	readonly windowMs?: number;
}

/**
 * One per process, shared by every client (so two environments of the same owner share that owner's budget).
 * With a Redis store, the budget is shared by every instance too: each reservation is one atomic script.
 */
export class OpenCloudRateLimiter {
	readonly clock: Clock;
	private readonly limits: Record<EndpointGroup, number>;
	private readonly windowMs: number;
	private readonly store: WindowStore;
	/** Waiters per bucket key, first come first served (a burst is admitted in arrival order). */
	private readonly queues = new Map<string, Promise<void>>();

	constructor(options: RateLimiterOptions = {}) {
		this.clock = options.clock ?? systemClock;
		this.limits = { ...DOCUMENTED_LIMITS, ...options.limits };
		this.windowMs = options.windowMs ?? MINUTE;
		this.store = options.store ?? new MemoryWindowStore();
		for (const [group, limit] of Object.entries(this.limits)) {
			// A bad limit would make every wait NaN and spin forever: refuse it here.
			if (!Number.isInteger(limit) || limit < 1) throw new Error(`A rate limit must be a whole number of requests (got ${limit} for ${group})`);
		}
	}

	private bucketsFor(owner: string, group: EndpointGroup): WindowKey[] {
		// The per-IP publishing limit is one bucket for the whole service, whoever owns the key.
		const pairs: Array<[string, EndpointGroup]> =
			group === "place-publish"
				? [
						[owner, "place-publish"],
						["*", "place-publish-ip"],
					]
				: [[owner, group]];
		return pairs.map(([who, which]) => ({ key: `${which}:${who}`, limit: this.limits[which] }));
	}

	/** Resolves when a request of this group may be sent now, and counts it as sent. */
	acquire(owner: string, group: EndpointGroup): Promise<void> {
		const buckets = this.bucketsFor(owner, group);
		const queueKey = JSON.stringify([owner, group]);
		const previous = this.queues.get(queueKey) ?? Promise.resolve();
		const turn = previous.then(() => this.waitAndTake(buckets));
		this.queues.set(
			queueKey,
			turn.catch(() => undefined),
		);
		return turn;
	}

	private async waitAndTake(buckets: WindowKey[]): Promise<void> {
		for (;;) {
			const wait = await this.store.reserve(buckets, this.clock.now(), this.windowMs);
			if (wait <= 0) return;
			await this.clock.sleep(wait);
		}
	}

	/** Roblox answered 429 with a wait: hold the whole group for this owner until then. */
	async block(owner: string, group: EndpointGroup, forMs: number): Promise<void> {
		const now = this.clock.now();
		await this.store.block(
			this.bucketsFor(owner, group).map((bucket) => bucket.key),
			now + forMs,
			now,
		);
	}
}
