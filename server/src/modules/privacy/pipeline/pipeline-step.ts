import type { Logger } from "pino";
import type { PrivacyDeps } from "../privacy-deps";
import type { RequestRow } from "../requests/request-row";

export type StepOutcome = Record<string, unknown>;

export interface StepContext {
	readonly deps: PrivacyDeps;
	readonly request: RequestRow;
	/** What the steps before this one reported, by step name. */
	readonly earlier: Readonly<Record<string, StepOutcome>>;
	readonly logger: Logger;
}

/**
 * One step of a request's pipeline. It must be idempotent: the runner runs it again after a crash or a failure
 * (until it is recorded as done), so doing it twice must leave the same result as doing it once. Its outcome is
 * stored with the step and shown in the proof report: counts and codes, never personal data.
 */
export interface PipelineStep {
	readonly name: string;
	run(context: StepContext): Promise<StepOutcome>;
}
