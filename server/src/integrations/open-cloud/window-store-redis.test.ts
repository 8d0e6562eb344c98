import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { busiestWindow, simulatedClock } from "./__tests__/test-kit";
import { MemoryWindowStore, OpenCloudRateLimiter, type WindowStore } from "./rate-limit";
import { RedisWindowStore } from "./window-store-redis";

const MINUTE = 60_000;
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl === undefined) throw new Error("TEST_REDIS_URL is not set: source .tmp/test-env.sh (tests/env/services.sh start)");

let redis: Redis;
beforeAll(() => {
	redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
	await redis.quit();
});

describe.each<[string, () => WindowStore]>([
	["memory", () => new MemoryWindowStore()],
	["redis", () => new RedisWindowStore(redis, `test:${randomUUID()}:`)],
])("window store (%s)", (_name, makeStore) => {
	it("spends in every bucket or none, and says how long until a token comes back", async () => {
		const store = makeStore();
		const buckets = [
			{ key: "a", limit: 2 },
			{ key: "b", limit: 1 },
		];
		expect(await store.reserve(buckets, 1_000, MINUTE)).toBe(0);
		// b is full: nothing is spent in a either.
		expect(await store.reserve(buckets, 2_000, MINUTE)).toBe(59_000);
		expect(await store.reserve([{ key: "a", limit: 2 }], 2_000, MINUTE)).toBe(0);
		expect(await store.reserve([{ key: "a", limit: 2 }], 3_000, MINUTE)).toBe(58_000);
		// One window after the first spend, its token is back.
		expect(await store.reserve(buckets, 61_000, MINUTE)).toBe(0);
	});

	it("a block holds every named bucket until its time, and a shorter block does not shorten it", async () => {
		const store = makeStore();
		await store.block(["x"], 30_000, 0);
		await store.block(["x"], 10_000, 0);
		expect(await store.reserve([{ key: "x", limit: 100 }], 5_000, MINUTE)).toBe(25_000);
		expect(await store.reserve([{ key: "x", limit: 100 }], 30_000, MINUTE)).toBe(0);
	});
});

/** Records the moment each token was spent (the simulated clock may move on while Redis answers). */
function recording(store: WindowStore, admitted: number[]): WindowStore {
	return {
		async reserve(buckets, now, windowMs) {
			const wait = await store.reserve(buckets, now, windowMs);
			if (wait <= 0) admitted.push(now);
			return wait;
		},
		block: (keys, until, now) => store.block(keys, until, now),
	};
}

test("two service instances sharing Redis never exceed one owner's limit together, and use all of it", async () => {
	const clock = simulatedClock();
	const prefix = `test:${randomUUID()}:`;
	const admitted: number[] = [];
	const instances = [0, 1].map(() => new OpenCloudRateLimiter({ clock, store: recording(new RedisWindowStore(redis, prefix), admitted), limits: { "assets-write": 5 } }));
	await Promise.all(Array.from({ length: 23 }, (_, i) => (instances[i % 2] as OpenCloudRateLimiter).acquire("owner-1", "assets-write")));
	expect(admitted).toHaveLength(23);
	expect(busiestWindow(admitted)).toBe(5);
	// The whole budget at once, and no earlier than 5 a minute allows (23 requests → not before the fifth minute).
	// (How much later depends on Redis round trips racing the simulated clock, so only the bound is asserted.)
	expect(admitted.filter((time) => time === 0)).toHaveLength(5);
	expect(Math.max(...admitted)).toBeGreaterThanOrEqual(4 * MINUTE);
});

test("instances with their own in-process stores would together exceed the limit (why Redis is used with several instances)", async () => {
	const clock = simulatedClock();
	const admitted: number[] = [];
	const instances = [0, 1].map(() => new OpenCloudRateLimiter({ clock, store: recording(new MemoryWindowStore(), admitted), limits: { "assets-write": 5 } }));
	await Promise.all(Array.from({ length: 10 }, (_, i) => (instances[i % 2] as OpenCloudRateLimiter).acquire("owner-1", "assets-write")));
	expect(busiestWindow(admitted)).toBe(10);
});

test("a 429 seen by one instance holds the owner's group on the other", async () => {
	const clock = simulatedClock();
	const prefix = `test:${randomUUID()}:`;
	const [first, second] = [0, 1].map(() => new OpenCloudRateLimiter({ clock, store: new RedisWindowStore(redis, prefix) })) as [OpenCloudRateLimiter, OpenCloudRateLimiter];
	await first.block("owner-1", "messaging", 20_000);
	await second.acquire("owner-1", "messaging");
	expect(clock.now()).toBe(20_000);
	// Another owner is not held.
	const before = clock.now();
	await second.acquire("owner-2", "messaging");
	expect(clock.now()).toBe(before);
});
