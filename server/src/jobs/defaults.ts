/** Defaults shared by both queue drivers, so switching drivers never changes behaviour. */
export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1_000;
export const DEFAULT_CONCURRENCY = 4;
/** How long a finished job's id keeps deduping enqueues with the same idempotency key. */
export const DEFAULT_DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
