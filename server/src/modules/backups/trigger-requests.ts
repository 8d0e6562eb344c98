/**
 * Backups the command line asked the running (embedded) service for, by request id, until the command has read the
 * outcome. In-process on purpose: an embedded database has exactly one process, which both serves and runs jobs.
 */
import type { BackupManifest } from "./manifest";

export type TriggerOutcome = { readonly state: "running" } | { readonly state: "done"; readonly manifest: BackupManifest } | { readonly state: "failed"; readonly error: string };

const outcomes = new Map<string, TriggerOutcome>();
const MAX_KEPT = 50;

export function noteTrigger(requestId: string, outcome: TriggerOutcome): void {
	outcomes.delete(requestId);
	outcomes.set(requestId, outcome);
	while (outcomes.size > MAX_KEPT) outcomes.delete(outcomes.keys().next().value as string);
}

export function triggerOutcome(requestId: string): TriggerOutcome | undefined {
	return outcomes.get(requestId);
}
