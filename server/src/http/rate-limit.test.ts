import { randomBytes } from "node:crypto";
import { isolatedLimiterDeps, refusal } from "./__tests__/limiter-kit";
import type { Infrastructure } from "../infrastructure.types";
import { redisUrl } from "../db/__tests__/temp-database";
import { createLimiter } from "./rate-limit";

describe.each([
	["memory (embedded default)", undefined],
	["Redis", "redis"],
])("limiter over %s", (_name, driver) => {
	const limit = { name: "test", points: 3, durationSeconds: 60, what: "test requests" };

	it("allows the limit, then answers rate_limited with Retry-After within the window", async () => {
		const limiter = createLimiter(isolatedLimiterDeps(driver === undefined ? undefined : redisUrl(), "rate-limit-test"), limit);
		const started = Date.now();
		for (let i = 0; i < 3; i++) await limiter.hit("k");
		const error = await refusal(limiter.hit("k"));
		const elapsedSeconds = (Date.now() - started) / 1000;
		expect(error.code).toBe("rate_limited");
		// What is left of the 60 s window that began with the first hit (the hits may be slow on a busy machine).
		const retryAfter = Number(error.headers?.["Retry-After"]);
		expect(retryAfter).toBeGreaterThanOrEqual(60 - Math.ceil(elapsedSeconds) - 1);
		expect(retryAfter).toBeLessThanOrEqual(60);
		expect(error.message).toContain("Too many test requests");
		// Keys are counted apart.
		await limiter.hit("other");
	});

	it("take() counts atomically: of 50 parallel hits exactly the limit are allowed, each count seen once", async () => {
		const limiter = createLimiter(isolatedLimiterDeps(driver === undefined ? undefined : redisUrl(), "rate-limit-test"), limit);
		const taken = await Promise.all(Array.from({ length: 50 }, () => limiter.take("k")));
		expect(taken.filter((t) => t.allowed)).toHaveLength(3);
		expect(taken.map((t) => t.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		const refused = taken.find((t) => !t.allowed);
		expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(59);
		expect(limiter.refusal(refused?.retryAfterSeconds ?? 0).headers?.["Retry-After"]).toBe(String(refused?.retryAfterSeconds));
	});

	it("refund() gives a hit back, peek() reads without counting, reset() forgets", async () => {
		const limiter = createLimiter(isolatedLimiterDeps(driver === undefined ? undefined : redisUrl(), "rate-limit-test"), limit);
		for (let i = 0; i < 3; i++) await limiter.take("k");
		expect(await limiter.peek("k")).toBe(3);
		expect(await limiter.peek("k")).toBe(3);
		await limiter.refund("k");
		expect(await limiter.take("k")).toMatchObject({ allowed: true, count: 3 });
		expect((await limiter.take("k")).allowed).toBe(false);
		await limiter.reset("k");
		expect(await limiter.peek("k")).toBe(0);
		expect(await limiter.take("k")).toMatchObject({ allowed: true, count: 1 });
	});

	it("blockSeconds keeps a key refused that long from the hit that crossed the limit", async () => {
		const limiter = createLimiter(isolatedLimiterDeps(driver === undefined ? undefined : redisUrl(), "rate-limit-test"), { ...limit, durationSeconds: 3600, blockSeconds: 900 });
		for (let i = 0; i < 3; i++) expect((await limiter.take("k")).retryAfterSeconds).toBeGreaterThan(3500);
		const crossed = await limiter.take("k");
		expect(crossed.allowed).toBe(false);
		expect(crossed.retryAfterSeconds).toBeGreaterThanOrEqual(899);
		expect(crossed.retryAfterSeconds).toBeLessThanOrEqual(900);
	});

	it("a count with no window (durationSeconds 0) never expires", async () => {
		const limiter = createLimiter(isolatedLimiterDeps(driver === undefined ? undefined : redisUrl(), "rate-limit-test"), { ...limit, points: 1_000, durationSeconds: 0 });
		await limiter.take("generation");
		await limiter.take("generation");
		expect(await limiter.peek("generation")).toBe(2);
	});
});

test("instances of one deployment share counters over Redis; in memory each instance counts alone", async () => {
	const limit = { name: "shared", points: 2, durationSeconds: 60, what: "requests" };
	const dataDir = `/tmp/rate-limit-shared-${randomBytes(6).toString("hex")}`;
	const instance = (redis: string | undefined) => createLimiter({ config: { redisUrl: redis, dataDir }, infra: {} as Infrastructure }, limit);
	const [a, b] = [instance(redisUrl()), instance(redisUrl())];
	await a.hit("k");
	await b.hit("k");
	expect((await refusal(a.hit("k"))).code).toBe("rate_limited");
	const [c, d] = [instance(undefined), instance(undefined)];
	await c.hit("k");
	await c.hit("k");
	await d.hit("k");
	await d.hit("k");
	expect((await refusal(c.hit("k"))).code).toBe("rate_limited");
});
