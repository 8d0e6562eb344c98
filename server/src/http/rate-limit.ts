import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../config/config";
import type { Infrastructure } from "../infrastructure.types";
import { AppError } from "../errors/app-error";

export interface RateLimit {
	/** Names the counter family (e.g. "login_account"); part of the storage key. */
	readonly name: string;
	/** Hits allowed per window. */
	readonly points: number;
	readonly durationSeconds: number;
	/** What the 429 message says is limited, e.g. "sign-in attempts for this account". */
	readonly what: string;
}

/** Counts hits per key (an account, an IP, an API key) in a fixed window; over the limit → 429 with Retry-After. */
export interface Limiter {
	/** Throws rate_limited when the key is already over its limit, without counting a hit. */
	check(key: string): Promise<void>;
	/** Counts a hit; throws rate_limited once the key is over its limit. */
	hit(key: string): Promise<void>;
	/** Counts a hit without refusing anything (e.g. a failed sign-in, refused on the next attempt). */
	record(key: string): Promise<void>;
	/** Forgets the key's hits (e.g. after a successful sign-in). */
	reset(key: string): Promise<void>;
}

export interface RateLimitDeps {
	readonly config: Pick<Config, "redisUrl" | "databaseUrl" | "dataDir">;
	readonly infra: Infrastructure;
}

interface Store {
	readonly redis?: Redis;
	/** Counters belong to one deployment: instances on the same database share them; test databases do not. */
	readonly prefix: string;
}

const stores = new WeakMap<Infrastructure, Store>();

function storeOf(deps: RateLimitDeps): Store {
	const existing = stores.get(deps.infra);
	if (existing !== undefined) return existing;
	const prefix = `tbx:rl:${createHash("sha256")
		.update(deps.config.databaseUrl ?? deps.config.dataDir)
		.digest("hex")
		.slice(0, 12)}`;
	const store: Store = { prefix, ...(deps.config.redisUrl === undefined ? {} : { redis: rateLimitRedis(deps.config.redisUrl) }) };
	stores.set(deps.infra, store);
	return store;
}

/**
 * A connection of its own (the queue's are BullMQ's). Its socket does not keep the process alive: counters are
 * best effort at shutdown, and main.ts exits after closing the infrastructure.
 */
function rateLimitRedis(url: string): Redis {
	const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
	redis.on("connect", () => redis.stream.unref());
	// Errors surface on the commands; an unhandled "error" event would crash the process.
	redis.on("error", () => undefined);
	return redis;
}

/**
 * A limiter over Redis when REDIS_URL is set (shared by every instance), in memory otherwise (the embedded
 * default runs one instance). Others use it for signup, device codes and API keys.
 */
export function createLimiter(deps: RateLimitDeps, limit: RateLimit): Limiter {
	const store = storeOf(deps);
	const options = { keyPrefix: `${store.prefix}:${limit.name}`, points: limit.points, duration: limit.durationSeconds };
	const limiter: RateLimiterAbstract = store.redis === undefined ? new RateLimiterMemory(options) : new RateLimiterRedis({ ...options, storeClient: store.redis });
	const refuse = (msBeforeNext: number): AppError => {
		const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
		return new AppError("rate_limited", `Too many ${limit.what}. Try again in ${retryAfter} seconds.`, { retryAfterSeconds: retryAfter }, { "Retry-After": String(retryAfter) });
	};
	return {
		async check(key) {
			const state = await limiter.get(key);
			if (state !== null && state.consumedPoints >= limit.points) throw refuse(state.msBeforeNext);
		},
		async hit(key) {
			try {
				await limiter.consume(key);
			} catch (rejection) {
				if (rejection instanceof RateLimiterRes) throw refuse(rejection.msBeforeNext);
				throw rejection;
			}
		},
		async record(key) {
			await limiter.penalty(key);
		},
		async reset(key) {
			await limiter.delete(key);
		},
	};
}
