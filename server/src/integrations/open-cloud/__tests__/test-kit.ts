/**
 * Test kit: a simulated clock (sleeps return at once and move time forward, so tests never wait for a backoff or a
 * rate-limit window) and a client wired to the fake through the real live transport.
 */
import { createOpenCloudClient, type OpenCloudClient, type OpenCloudClientOptions } from "../client";
import { createLiveOpenCloud } from "../live";
import { OpenCloudRateLimiter } from "../rate-limit";
import type { FakeOpenCloud } from "./fake-open-cloud";
import type { OpenCloudTransport } from "../wire";

export interface SimulatedClock {
	now(): number;
	sleep(ms: number): Promise<void>;
	/** Every sleep asked for, in order. */
	readonly sleeps: number[];
}

export function simulatedClock(): SimulatedClock {
	let time = 0;
	const sleeps: number[] = [];
	return {
		now: () => time,
		sleeps,
		sleep(ms) {
			sleeps.push(ms);
			const wake = time + ms;
			// Time moves on in a later macrotask, so a request admitted now is stamped with this moment (below)
			// before any other waiter's wake-up moves the clock.
			return new Promise((resolve) =>
				setImmediate(() => {
					time = Math.max(time, wake);
					resolve();
				}),
			);
		},
	};
}

/** The live transport, plus the simulated moment each request left the client (the fake records it as `at`). */
export function stampingTransport(clock: SimulatedClock): OpenCloudTransport {
	const live = createLiveOpenCloud();
	return {
		driver: "live",
		send: (request) => live.send({ ...request, headers: { ...request.headers, "x-fake-clock": String(clock.now()) } }),
	};
}

export const API_KEY = "test-open-cloud-key";

export function clientFor(fake: FakeOpenCloud, clock: SimulatedClock, extra: Partial<OpenCloudClientOptions> = {}): { client: OpenCloudClient; limiter: OpenCloudRateLimiter } {
	const limiter = extra.limiter ?? new OpenCloudRateLimiter({ clock });
	const client = createOpenCloudClient({
		transport: stampingTransport(clock),
		apiKey: API_KEY,
		baseUrl: fake.url,
		random: () => 0.5,
		...extra,
		limiter,
	});
	return { client, limiter };
}

/** Most requests (by time) in any window of `windowMs`, sliding: a fixed minute is one of those windows. */
export function busiestWindow(times: ReadonlyArray<number>, windowMs = 60_000): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < sorted.length; i += 1) {
		while ((sorted[j] as number) + windowMs <= (sorted[i] as number)) j += 1;
		most = Math.max(most, i - j + 1);
	}
	return most;
}
