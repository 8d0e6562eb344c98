/** Polls `condition` until it holds, or throws naming `what` after `timeoutMs` (generous: busy machines are slow). */
export async function until(condition: () => Promise<boolean>, options: { readonly what: string; readonly timeoutMs?: number }): Promise<void> {
	const deadline = Date.now() + (options.timeoutMs ?? 30_000);
	for (;;) {
		if (await condition()) return;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
