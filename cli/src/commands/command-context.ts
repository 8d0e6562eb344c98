import type { DeploymentsApi } from "../api/deployments-api";
import type { Sleep } from "../api/service-client";
import type { ProgressBoard } from "../output/progress";

/** What every command gets: the service, the progress display, and the clock it waits on (fake in unit tests). */
export interface CommandContext {
	readonly api: DeploymentsApi;
	readonly board: ProgressBoard;
	readonly sleep: Sleep;
	readonly pollMs?: number;
}

/** What a command ends with: the exit code, the object --json prints, and the text printed otherwise. */
export interface CommandOutcome {
	readonly exitCode: 0 | 1;
	readonly result: unknown;
	readonly text: string;
}
