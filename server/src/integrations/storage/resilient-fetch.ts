/**
 * The fetch the Supabase client uses: each attempt bounded by a timeout, and a few retries of what is worth retrying
 * (429, 5xx, no answer). Every storage call we make is idempotent (uploads upsert the same bytes at the same path),
 * so a retry never does anything twice that matters. Retry-After is honoured up to a cap: a request waiting on
 * storage longer than that is better answered "try again" (503).
 */
export interface RetryPolicy {
	/** Attempts in all, the first included. */
	readonly attempts: number;
	readonly timeoutMs: number;
	/** Wait before attempt n+1 when the reply gives none (exponential with jitter by default). */
	readonly backoffMs: (attempt: number) => number;
	/** Longest Retry-After honoured; a longer one ends the retries. */
	readonly maxRetryAfterMs: number;
	readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	attempts: 3,
	timeoutMs: 60_000,
	backoffMs: (attempt) => Math.round(200 * 2 ** (attempt - 1) * (0.5 + Math.random() / 2)),
	maxRetryAfterMs: 5_000,
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(response: Response): number | undefined {
	const header = response.headers.get("retry-after");
	if (header === null) return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const retryable = (status: number) => status === 429 || status >= 500;

export function resilientFetch(policy: RetryPolicy, base: typeof fetch = fetch): typeof fetch {
	const sleep = policy.sleep ?? defaultSleep;
	return async (input, init) => {
		for (let attempt = 1; ; attempt++) {
			const last = attempt >= policy.attempts;
			let response: Response;
			try {
				response = await base(input, { ...init, signal: AbortSignal.timeout(policy.timeoutMs) });
			} catch (error) {
				if (last) throw error;
				await sleep(policy.backoffMs(attempt));
				continue;
			}
			if (last || !retryable(response.status)) return response;
			const wait = retryAfterMs(response) ?? policy.backoffMs(attempt);
			if (wait > policy.maxRetryAfterMs) return response;
			await response.body?.cancel();
			await sleep(wait);
		}
	};
}
