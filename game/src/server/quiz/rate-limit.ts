/**
 * A per-key sliding window: at most `limit` hits in any `window` seconds. Remote calls past it are dropped
 * before any other work, so a client firing the remote in a loop costs the server almost nothing.
 * Keys are UserIds and outlive the Player: leaving and joining again does not hand out a fresh allowance.
 * A key is forgotten only once its window has passed (checked at most once per window), so memory stays bounded.
 */
export interface RateLimiter {
	/** True when the hit is allowed (and counted). */
	hit(key: number): boolean;
	/** Keys with hits inside the window (for specs). */
	size(): number;
}

export function createRateLimiter(limit: number, window: number, now: () => number): RateLimiter {
	const hits = new Map<number, Array<number>>();
	let prunedAt = now();

	function prune(at: number) {
		if (at - prunedAt < window) return;
		prunedAt = at;
		for (const [key, times] of hits) {
			const newest = times[times.size() - 1];
			if (newest === undefined || at - newest >= window) hits.delete(key);
		}
	}

	return {
		hit(key) {
			const at = now();
			prune(at);
			const recent = (hits.get(key) ?? []).filter((time) => at - time < window);
			if (recent.size() >= limit) {
				hits.set(key, recent);
				return false;
			}
			recent.push(at);
			hits.set(key, recent);
			return true;
		},
		size() {
			return hits.size();
		},
	};
}
