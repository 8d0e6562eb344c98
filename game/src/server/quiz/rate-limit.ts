/**
 * A per-key sliding window: at most `limit` hits in any `window` seconds. Remote calls past it are dropped
 * before any other work, so a client firing the remote in a loop costs the server almost nothing.
 */
export interface RateLimiter {
	/** True when the hit is allowed (and counted). */
	hit(key: number): boolean;
	forget(key: number): void;
}

export function createRateLimiter(limit: number, window: number, now: () => number): RateLimiter {
	const hits = new Map<number, Array<number>>();
	return {
		hit(key) {
			const at = now();
			const recent = (hits.get(key) ?? []).filter((time) => at - time < window);
			if (recent.size() >= limit) {
				hits.set(key, recent);
				return false;
			}
			recent.push(at);
			hits.set(key, recent);
			return true;
		},
		forget(key) {
			hits.delete(key);
		},
	};
}
