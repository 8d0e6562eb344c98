/**
 * The small note students see about the lesson service, from the one status word the server shares
 * (ReplicatedStorage.ToolBoxAIStatus): while it cannot be reached, their progress is kept and sent later.
 */
export const OFFLINE_NOTE = "Your progress is saved and will reach your teacher when the lesson service is back.";

/** The note for a status word, or undefined when there is nothing to say. */
export function statusNote(status: unknown): string | undefined {
	return status === "offline" ? OFFLINE_NOTE : undefined;
}
