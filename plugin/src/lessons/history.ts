/**
 * Every change the plugin makes to the place goes through ChangeHistoryService, so Ctrl+Z undoes a whole download
 * (or an id written back after an upload) in one step, and a change that fails half way is rolled back.
 */

/** The part of ChangeHistoryService used here (the service itself fits; specs pass a recorder). */
export interface History {
	TryBeginRecording(name: string, displayName?: string): string | undefined;
	FinishRecording(identifier: string, operation: "Commit" | "Cancel" | "Append"): void;
}

export type Recorded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * Runs `change` as one undoable recording: committed when it returns, cancelled (Studio undoes the part already
 * made) when it errors. Studio refuses a recording while another is open or a playtest runs; nothing is changed then.
 */
export function recorded<T>(history: History, name: string, displayName: string, change: () => T): Recorded<T> {
	const id = history.TryBeginRecording(name, displayName);
	if (id === undefined) {
		return { ok: false, message: `Studio is busy with another change (or a playtest is running), so "${displayName}" was not made. Try again.` };
	}
	const [ran, result] = pcall(change);
	if (!ran) {
		history.FinishRecording(id, "Cancel");
		return { ok: false, message: `"${displayName}" failed and was undone: ${tostring(result)}` };
	}
	history.FinishRecording(id, "Commit");
	return { ok: true, value: result as T };
}
