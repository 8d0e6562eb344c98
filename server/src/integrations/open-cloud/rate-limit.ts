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

export type EndpointGroup =
	| "assets-write"
	| "assets-operations"
	| "place-publish"
	| "place-publish-ip"
	| "messaging"
	| "data-stores"
	| "api-keys";

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

class WindowBucket {
	private readonly spent: number[] = [];
	private blockedUntil = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {
		// A bad limit would make every wait NaN and spin forever: refuse it here.
		if (!Number.isInteger(limit) || limit < 1) throw new Error(`A rate limit must be a whole number of requests (got ${limit})`);
	}

	/** Milliseconds until one token is free (0 = now). */
	waitMs(now: number): number {
		while (this.spent.length > 0 && (this.spent[0] as number) + this.windowMs <= now) this.spent.shift();
		const blocked = Math.max(0, this.blockedUntil - now);
		const full = this.spent.length < this.limit ? 0 : (this.spent[0] as number) + this.windowMs - now;
		return Math.max(blocked, full);
	}

	take(now: number): void {
		this.spent.push(now);
	}

	/** After a 429: nobody in this bucket sends until Roblox said it may. */
	block(until: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, until);
	}
}

export interface RateLimiterOptions {
	readonly clock?: Clock;
	readonly limits?: Partial<Record<EndpointGroup, number>>;
	readonly windowMs?: number;
}

/**
 * One per process, shared by every client (so two environments of the same owner share that owner's budget).
 * In-process only: several service instances would each allow the full limit (a Redis-backed bucket is left to do).
 */
export class OpenCloudRateLimiter {
	readonly clock: Clock;
	private readonly limits: Record<EndpointGroup, number>;
	private readonly windowMs: number;
	private readonly buckets = new Map<string, WindowBucket>();
	/** Waiters per bucket key, first come first served (a burst is admitted in arrival order). */
	private readonly queues = new Map<string, Promise<void>>();

	constructor(options: RateLimiterOptions = {}) {
		this.clock = options.clock ?? systemClock;
		this.limits = { ...DOCUMENTED_LIMITS, ...options.limits };
		this.windowMs = options.windowMs ?? MINUTE;
	}

	private bucketsFor(owner: string, group: EndpointGroup): WindowBucket[] {
		// The per-IP publishing limit is one bucket for the whole service, whoever owns the key.
		const pairs: Array<[string, EndpointGroup]> =
			group === "place-publish" ? [[owner, "place-publish"], ["*", "place-publish-ip"]] : [[owner, group]];
		return pairs.map(([who, which]) => {
			const key = JSON.stringify([who, which]);
			let bucket = this.buckets.get(key);
			if (bucket === undefined) {
				bucket = new WindowBucket(this.limits[which], this.windowMs);
				this.buckets.set(key, bucket);
			}
			return bucket;
		});
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

	private async waitAndTake(buckets: WindowBucket[]): Promise<void> {
		for (;;) {
			const now = this.clock.now();
			const wait = Math.max(...buckets.map((bucket) => bucket.waitMs(now)));
			if (wait <= 0) {
				for (const bucket of buckets) bucket.take(now);
				return;
			}
			await this.clock.sleep(wait);
		}
	}

	/** Roblox answered 429 with a wait: hold the whole group for this owner until then. */
	block(owner: string, group: EndpointGroup, forMs: number): void {
		const until = this.clock.now() + forMs;
		for (const bucket of this.bucketsFor(owner, group)) bucket.block(until);
	}
}
