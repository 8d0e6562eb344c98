import { randomBytes } from "node:crypto";
import type { Infrastructure } from "../infrastructure.types";
import { redisUrl } from "../db/__tests__/temp-database";
import { AppError } from "../errors/app-error";
import { createLimiter } from "./rate-limit";

/** The limiter only keys its store by the infrastructure object; nothing else of it is used. */
function deps(redis: string | undefined) {
	return { config: { redisUrl: redis, dataDir: `/tmp/rate-limit-test-${randomBytes(6).toString("hex")}` }, infra: {} as Infrastructure };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(AppError);
		return error as AppError;
	}
	throw new Error("expected a refusal");
}

describe.each([
	["memory (embedded default)", undefined],
	["Redis", "redis"],
])("limiter over %s", (_name, driver) => {
	const limit = { name: "test", points: 3, durationSeconds: 60, what: "test requests" };

	it("allows the limit, then answers rate_limited with Retry-After within the window", async () => {
		const limiter = createLimiter(deps(driver === undefined ? undefined : redisUrl()), limit);
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

	it("check() refuses once over without counting; record() counts without refusing; reset() forgets", async () => {
		const limiter = createLimiter(deps(driver === undefined ? undefined : redisUrl()), limit);
		for (let i = 0; i < 5; i++) await limiter.check("k");
		for (let i = 0; i < 4; i++) await limiter.record("k");
		expect((await refusal(limiter.check("k"))).code).toBe("rate_limited");
		await limiter.reset("k");
		await limiter.check("k");
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
