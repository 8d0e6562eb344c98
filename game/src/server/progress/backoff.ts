/**
 * How long a progress sender waits before it retries a failed batch: exponential (base × 2^(attempt-1), capped),
 * with jitter so the servers of an experience that all failed at once do not all come back at once. The jitter
 * keeps the upper half of the step ([delay/2, delay]): never a near-zero wait that would hammer a struggling service.
 */
export interface BackoffOptions {
	/** Seconds of the first step. */
	readonly base: number;
	/** Seconds no step exceeds. */
	readonly cap: number;
}

/** `attempt` counts failures of this batch (1 = first failure); `random` is in [0, 1). */
export function backoffDelay(attempt: number, random: number, options: BackoffOptions): number {
	const step = math.min(options.cap, options.base * 2 ** math.max(0, attempt - 1));
	return step / 2 + (step / 2) * random;
}
