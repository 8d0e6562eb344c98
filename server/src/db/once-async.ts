/** Wraps a close-style function so a second call waits for the first instead of running it again. */
export function onceAsync(fn: () => Promise<void>): () => Promise<void> {
	let done: Promise<void> | undefined;
	return () => (done ??= fn());
}
