import { AppError } from "../../errors/app-error";
import type { RateLimitDeps } from "../../http/rate-limit";
import type { Infrastructure } from "../../infrastructure.types";
import { API_KEY_LIMITS, apiKeyRequestCounter, type ApiKeyLimits } from "./api-key-authenticator";

// The in-process driver (no REDIS_URL) under Jest's clock: the limiter's windows follow the simulated time.
// Each test gets its own counters (they belong to one infrastructure object).
const inProcess = (): RateLimitDeps => ({ config: { dataDir: "/nonexistent", databaseUrl: undefined, redisUrl: undefined }, infra: {} as Infrastructure });
const refusalOf = (promise: Promise<void>) =>
	promise.then(
		() => undefined,
		(error: unknown) => error as AppError,
	);
const jobId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

beforeEach(() => {
	jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"], now: new Date("2030-01-01T00:00:00Z") });
});
afterEach(() => {
	jest.useRealTimers();
});

describe("API key limits", () => {
	it("lets 1,000 game servers on one key send at the normal rate (a batch every 5 s, a poll every 30 s) for 3 minutes without a 429", async () => {
		const count = apiKeyRequestCounter(inProcess());
		let sent = 0;
		const refused: unknown[] = [];
		for (let second = 0; second < 180; second++) {
			const hits: Promise<void>[] = [];
			for (let server = 0; server < 1000; server++) {
				// Servers start at different moments, as they do in a live experience.
				if ((second + server) % 5 === 0) hits.push(count("key-a", jobId(server)));
				if ((second + server) % 30 === 0) hits.push(count("key-a", jobId(server)));
			}
			sent += hits.length;
			for (const result of await Promise.allSettled(hits)) if (result.status === "rejected") refused.push(result.reason);
			jest.advanceTimersByTime(1000);
		}
		expect(refused).toEqual([]);
		// Well above what one key was allowed before it was counted per game server (3,000 a minute).
		expect(sent / 3).toBeGreaterThanOrEqual(14_000);
	});

	it("refuses one game server far above its limit with Retry-After while its key's other servers go on", async () => {
		const count = apiKeyRequestCounter(inProcess());
		for (let i = 0; i < API_KEY_LIMITS.perGameServer.points; i++) await count("key-a", jobId(1));
		const refusal = await refusalOf(count("key-a", jobId(1)));
		expect(refusal).toBeInstanceOf(AppError);
		expect(refusal?.code).toBe("rate_limited");
		expect(refusal?.message).toContain("game server");
		const retryAfter = Number(refusal?.headers?.["Retry-After"]);
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(60);
		expect(await refusalOf(count("key-a", jobId(2)))).toBeUndefined();
		jest.advanceTimersByTime(retryAfter * 1000);
		expect(await refusalOf(count("key-a", jobId(1)))).toBeUndefined();
	});

	it("refuses every server of a key over the key's ceiling (also a new JobId), other keys unaffected", async () => {
		const small: ApiKeyLimits = {
			perGameServer: { ...API_KEY_LIMITS.perGameServer, points: 10 },
			perKey: { ...API_KEY_LIMITS.perKey, points: 25 },
			withoutGameServer: { ...API_KEY_LIMITS.withoutGameServer, points: 10 },
		};
		const count = apiKeyRequestCounter(inProcess(), small);
		for (let i = 0; i < 25; i++) await count("key-a", jobId(i % 3));
		const refusal = await refusalOf(count("key-a", jobId(99)));
		expect(refusal?.code).toBe("rate_limited");
		expect(refusal?.message).toContain("all its game servers together");
		expect(Number(refusal?.headers?.["Retry-After"])).toBeGreaterThan(0);
		expect(await refusalOf(count("key-b", jobId(99)))).toBeUndefined();
		jest.advanceTimersByTime(60_000);
		expect(await refusalOf(count("key-a", jobId(99)))).toBeUndefined();
	});

	it("counts requests without a JobId (CI, the CLI) on the key's own smaller budget, apart from its game servers", async () => {
		const small: ApiKeyLimits = { ...API_KEY_LIMITS, withoutGameServer: { ...API_KEY_LIMITS.withoutGameServer, points: 3 } };
		const count = apiKeyRequestCounter(inProcess(), small);
		for (let i = 0; i < 3; i++) await count("key-a", undefined);
		expect((await refusalOf(count("key-a", undefined)))?.message).toContain("without a game server JobId");
		expect(await refusalOf(count("key-a", jobId(1)))).toBeUndefined();
	});
});
