import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../config/config";
import type { Infrastructure } from "../infrastructure.types";
import { AppError } from "../errors/app-error";

export interface RateLimit {
	/** Names the counter family (e.g. "login_account_address"); part of the storage key. */
	readonly name: string;
	/** Hits allowed per window. */
	readonly points: number;
	/** The window, from the key's first hit; 0 = the count never expires. */
	readonly durationSeconds: number;
	/** Once over the limit, the key stays refused this long from the hit that crossed it (instead of until the window ends). */
	readonly blockSeconds?: number;
	/** What the 429 message says is limited, e.g. "sign-in attempts for this account". */
	readonly what: string;
}

/** One hit, counted atomically: what the counter says right after it. */
export interface Taken {
	/** The hit was within the limit. */
	readonly allowed: boolean;
	/** Hits in the window including this one (1 for the first): exactly one concurrent caller sees each value. */
	readonly count: number;
	/** Until the key is allowed again (when refused) or the window ends (when allowed). */
	readonly retryAfterSeconds: number;
}

/** Counts hits per key (an account, an IP, an API key) in a fixed window; over the limit → 429 with Retry-After. */
export interface Limiter {
	/** Counts a hit; throws rate_limited once the key is over its limit. */
	hit(key: string): Promise<void>;
	/**
	 * Counts a hit and says where the counter stands, without throwing: the caller decides. Counting before
	 * the work is what holds under concurrency (a check followed by a later count lets parallel requests through).
	 */
	take(key: string): Promise<Taken>;
	/** Gives one hit back (the work it paid for turned out not to count, e.g. a correct password). */
	refund(key: string): Promise<void>;
	/** The key's hits in the current window, without counting one. */
	peek(key: string): Promise<number>;
	/** Forgets the key's hits (e.g. after a successful sign-in). */
	reset(key: string): Promise<void>;
	/** The 429 this limiter answers, for a caller that decided to refuse after take(). */
	refusal(retryAfterSeconds: number): AppError;
}

export interface RateLimitDeps {
	readonly config: Pick<Config, "redisUrl" | "databaseUrl" | "dataDir">;
	readonly infra: Infrastructure;
}

interface Store {
	readonly redis?: Redis;
	/** Counters belong to one deployment: instances on the same database share them; test databases do not. */
	readonly prefix: string;
	/** Epochs (sharedEpoch) of this instance when there is no Redis: the embedded default runs one instance. */
	readonly epochs: Map<string, number>;
}

const stores = new WeakMap<Infrastructure, Store>();

function storeOf(deps: RateLimitDeps): Store {
	const existing = stores.get(deps.infra);
	if (existing !== undefined) return existing;
	const prefix = `tbx:rl:${createHash("sha256")
		.update(deps.config.databaseUrl ?? deps.config.dataDir)
		.digest("hex")
		.slice(0, 12)}`;
	const store: Store = { prefix, epochs: new Map(), ...(deps.config.redisUrl === undefined ? {} : { redis: rateLimitRedis(deps.config.redisUrl) }) };
	stores.set(deps.infra, store);
	return store;
}

/**
 * A connection of its own (the queue's are BullMQ's). Its socket does not keep the process alive: counters are
 * best effort at shutdown, and main.ts exits after closing the infrastructure.
 */
function rateLimitRedis(url: string): Redis {
	// Auto-pipelining: the commands one request issues together (its counters, an epoch) travel in one round trip.
	const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false, enableAutoPipelining: true });
	redis.on("connect", () => redis.stream.unref());
	// Errors surface on the commands; an unhandled "error" event would crash the process.
	redis.on("error", () => undefined);
	return redis;
}

/** The one 429: a message that says when, and the Retry-After header every client and proxy understands. */
export function rateLimited(what: string, retryAfterSeconds: number): AppError {
	const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
	return new AppError("rate_limited", `Too many ${what}. Try again in ${retryAfter} seconds.`, { retryAfterSeconds: retryAfter }, { "Retry-After": String(retryAfter) });
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * A limiter over Redis when REDIS_URL is set (shared by every instance), in memory otherwise (the embedded
 * default runs one instance). Others use it for signup, device codes and API keys.
 */
export function createLimiter(deps: RateLimitDeps, limit: RateLimit): Limiter {
	const store = storeOf(deps);
	const options = {
		keyPrefix: `${store.prefix}:${limit.name}`,
		points: limit.points,
		duration: limit.durationSeconds,
		...(limit.blockSeconds === undefined ? {} : { blockDuration: limit.blockSeconds }),
	};
	const limiter: RateLimiterAbstract = store.redis === undefined ? new RateLimiterMemory(options) : new RateLimiterRedis({ ...options, storeClient: store.redis });
	const take = async (key: string): Promise<Taken> => {
		try {
			const res = await limiter.consume(key);
			return { allowed: true, count: res.consumedPoints, retryAfterSeconds: seconds(res.msBeforeNext) };
		} catch (rejection) {
			if (!(rejection instanceof RateLimiterRes)) throw rejection;
			// A hit racing the one that crossed the limit may still see the window's end; the block is what holds.
			const waitMs = limit.blockSeconds === undefined ? rejection.msBeforeNext : Math.min(rejection.msBeforeNext, limit.blockSeconds * 1000);
			return { allowed: false, count: rejection.consumedPoints, retryAfterSeconds: seconds(waitMs) };
		}
	};
	return {
		async hit(key) {
			const taken = await take(key);
			if (!taken.allowed) throw rateLimited(limit.what, taken.retryAfterSeconds);
		},
		take,
		async refund(key) {
			await limiter.reward(key, 1);
		},
		async peek(key) {
			return (await limiter.get(key))?.consumedPoints ?? 0;
		},
		async reset(key) {
			await limiter.delete(key);
		},
		refusal: (retryAfterSeconds) => rateLimited(limit.what, retryAfterSeconds),
	};
}

/**
 * A number every instance reads and any instance bumps (Redis when REDIS_URL is set, this instance's memory otherwise):
 * "something you may have kept changed". Bumped before a change's reply goes out, so any request that starts after it
 * reads the new value, on every instance.
 */
export interface SharedEpoch {
	read(): Promise<number>;
	bump(): Promise<void>;
}

export function sharedEpoch(deps: RateLimitDeps, name: string): SharedEpoch {
	const store = storeOf(deps);
	const key = `${store.prefix}:epoch:${name}`;
	const redis = store.redis;
	if (redis === undefined) {
		return {
			read: async () => store.epochs.get(key) ?? 0,
			bump: async () => {
				store.epochs.set(key, (store.epochs.get(key) ?? 0) + 1);
			},
		};
	}
	return {
		read: async () => Number((await redis.get(key)) ?? 0),
		bump: async () => {
			await redis.incr(key);
		},
	};
}
