import { useCallback, useState } from "react";
import { describeError } from "../api/errors";

export interface Action<Problem> {
	/** A task is running: its buttons are disabled and say what they are doing. */
	readonly busy: boolean;
	/** Which task runs, when one action serves several buttons (a row's id, "approve" or "deny"). */
	readonly running: string | undefined;
	/** Why the last task failed, as `describe` put it; cleared when the next one starts. */
	readonly error: Problem | undefined;
	/**
	 * Runs `task`, busy meanwhile. Resolves to what the task threw (undefined when it succeeded) for the few pages
	 * that do more on a particular refusal; never rejects.
	 */
	run(task: () => Promise<void>, what?: string): Promise<unknown>;
	/** Shows a problem found before asking the service (an empty field), or clears it, in the same place. */
	setError(problem: Problem | undefined): void;
}

/**
 * A button or form that sends a request: busy while it runs, and its failure in words for the page (describeError
 * by default; a form may describe it as problems per field instead).
 */
export function useAction(): Action<string>;
export function useAction<Problem>(describe: (caught: unknown) => Problem): Action<Problem>;
export function useAction<Problem>(describe: (caught: unknown) => Problem = describeError as (caught: unknown) => Problem): Action<Problem> {
	const [running, setRunning] = useState<string>();
	const [error, setError] = useState<Problem>();
	const run = useCallback(
		async (task: () => Promise<void>, what = "") => {
			setRunning(what);
			setError(undefined);
			try {
				await task();
				return undefined;
			} catch (caught) {
				const problem = describe(caught);
				setError(() => problem);
				return caught;
			} finally {
				setRunning(undefined);
			}
		},
		[describe],
	);
	return { busy: running !== undefined, running, error, run, setError };
}
