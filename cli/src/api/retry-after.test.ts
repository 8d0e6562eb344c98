import { MAX_RETRY_WAIT_MS, MIN_RETRY_WAIT_MS, retryDelayMs } from "./retry-after";

describe("retryDelayMs", () => {
	const now = Date.parse("2026-11-25T15:00:00Z");

	it("waits the seconds Retry-After asks for", () => {
		expect(retryDelayMs("3", 0, now)).toBe(3000);
		expect(retryDelayMs("1.5", 5, now)).toBe(1500);
	});

	it("waits until an HTTP-date Retry-After", () => {
		expect(retryDelayMs("Wed, 25 Nov 2026 15:00:07 GMT", 0, now)).toBe(7000);
	});

	it("backs off exponentially from 1 s without a usable header", () => {
		expect([0, 1, 2, 3].map((attempt) => retryDelayMs(null, attempt, now))).toEqual([1000, 2000, 4000, 8000]);
		expect(retryDelayMs("soon", 1, now)).toBe(2000);
	});

	it("stays within [250 ms, 60 s]", () => {
		expect(retryDelayMs("0", 0, now)).toBe(MIN_RETRY_WAIT_MS);
		expect(retryDelayMs("Wed, 25 Nov 2026 14:00:00 GMT", 0, now)).toBe(MIN_RETRY_WAIT_MS);
		expect(retryDelayMs("3600", 0, now)).toBe(MAX_RETRY_WAIT_MS);
		expect(retryDelayMs(undefined, 20, now)).toBe(MAX_RETRY_WAIT_MS);
	});
});
