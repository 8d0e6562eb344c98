/** Longest single wait the CLI accepts from a 429 before asking again. */
export const MAX_RETRY_WAIT_MS = 60_000;
/** Shortest wait: a Retry-After of 0 (or a date just passed) must not turn into a busy loop. */
export const MIN_RETRY_WAIT_MS = 250;

/**
 * How long to wait after a 429: what Retry-After asks (seconds, or an HTTP date per RFC 9110), else exponential
 * backoff from 1 s by attempt (0, 1, 2...); always within [250 ms, 60 s].
 */
export function retryDelayMs(retryAfter: string | null | undefined, attempt: number, now: number = Date.now()): number {
	let wait = 1000 * 2 ** attempt;
	const text = retryAfter?.trim() ?? "";
	if (/^\d+(\.\d+)?$/.test(text)) wait = Number(text) * 1000;
	else if (text !== "" && !Number.isNaN(Date.parse(text))) wait = Date.parse(text) - now;
	return Math.min(Math.max(wait, MIN_RETRY_WAIT_MS), MAX_RETRY_WAIT_MS);
}
