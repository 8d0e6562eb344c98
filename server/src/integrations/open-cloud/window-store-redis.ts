/**
 * The rate limiter's windows in Redis, so every instance of the service spends from one budget per key owner
 * (Roblox counts across all of an owner's keys, whichever instance sends). Same rule as the in-process store: a
 * spent token is a sorted-set member scored with its time and comes back one window later. Checking every bucket
 * and spending in all of them is one Lua script, so two instances can never both take the last token.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { WindowKey, WindowStore } from "./rate-limit";

// KEYS: per bucket its spent set then its block key. ARGV: now, window ms, a unique member, then each limit.
const RESERVE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local member = ARGV[3]
local buckets = #KEYS / 2
local wait = 0
for i = 1, buckets do
  local spent = KEYS[2 * i - 1]
  local limit = tonumber(ARGV[3 + i])
  redis.call('ZREMRANGEBYSCORE', spent, '-inf', now - window)
  local blocked = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
  if blocked - now > wait then wait = blocked - now end
  local count = redis.call('ZCARD', spent)
  if count >= limit then
    local frees = redis.call('ZRANGE', spent, count - limit, count - limit, 'WITHSCORES')
    local free = tonumber(frees[2]) + window - now
    if free > wait then wait = free end
  end
end
if wait > 0 then return wait end
for i = 1, buckets do
  redis.call('ZADD', KEYS[2 * i - 1], now, member)
  redis.call('PEXPIRE', KEYS[2 * i - 1], window * 2)
end
return 0
`;

// KEYS: block keys. ARGV: until (ms), now (ms). Keeps the later of two blocks.
const BLOCK = `
local until_ms = tonumber(ARGV[1])
local ttl = until_ms - tonumber(ARGV[2])
if ttl <= 0 then return 0 end
for i = 1, #KEYS do
  local current = tonumber(redis.call('GET', KEYS[i]) or '0')
  if current < until_ms then redis.call('SET', KEYS[i], until_ms, 'PX', ttl) end
end
return 1
`;

export class RedisWindowStore implements WindowStore {
	constructor(
		private readonly redis: Redis,
		/** Keeps apart services (or test runs) sharing one Redis. */
		private readonly prefix = "toolboxai:open-cloud-limits:",
	) {}

	async reserve(buckets: ReadonlyArray<WindowKey>, now: number, windowMs: number): Promise<number> {
		const keys = buckets.flatMap(({ key }) => [`${this.prefix}${key}:spent`, `${this.prefix}${key}:blocked`]);
		const args = [String(now), String(windowMs), `${now}:${randomUUID()}`, ...buckets.map(({ limit }) => String(limit))];
		const wait = await this.redis.eval(RESERVE, keys.length, ...keys, ...args);
		return Number(wait);
	}

	async block(keys: ReadonlyArray<string>, until: number, now: number): Promise<void> {
		await this.redis.eval(BLOCK, keys.length, ...keys.map((key) => `${this.prefix}${key}:blocked`), String(until), String(now));
	}
}
