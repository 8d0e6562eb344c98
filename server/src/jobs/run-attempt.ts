import type { Logger } from "pino";
import { runOutsideTransaction } from "../db/cls";
import { jobAttemptStarted } from "../observability/metrics";
import { inConsumerSpan } from "../observability/tracing";
import type { DeadLetterSink } from "./dead-letters";
import { PermanentJobError } from "./errors";
import { errorMessage, openEnvelope, type JobRegistry } from "./registry";

export interface AttemptInput {
	readonly name: string;
	readonly jobId: string;
	readonly data: unknown;
	/** 1-based number of this attempt. */
	readonly attempt: number;
	readonly attempts: number;
	/** When a first attempt was due (epoch ms: enqueue time plus delay); retries leave it out (their wait is mostly backoff). */
	readonly dueAt?: number;
}

export type AttemptOutcome = { readonly kind: "done" } | { readonly kind: "retry" | "dead"; readonly error: unknown };

export interface AttemptContext {
	readonly registry: JobRegistry;
	readonly deadLetters: DeadLetterSink;
	readonly logger: Logger;
}

/**
 * One attempt of one job, shared by both drivers so they agree on semantics: validate the stored payload,
 * run the handler, and on the last failed attempt (or a permanent failure) write the dead letter.
 * Runs detached from the enqueuer's transaction (see runOutsideTransaction).
 */
export async function runAttempt(context: AttemptContext, input: AttemptInput): Promise<AttemptOutcome> {
	const finished = jobAttemptStarted(input.name, input.dueAt);
	const outcome = await inConsumerSpan(
		{ name: input.name, jobId: input.jobId, attempt: input.attempt, carrier: (input.data as { trace?: unknown } | undefined)?.trace },
		() => attempt(context, input),
		(result) => (result.kind === "done" ? undefined : result.error),
	);
	// One line per attempt and job id: with several workers it shows which process ran what.
	context.logger.debug({ job: input.name, jobId: input.jobId, attempt: input.attempt, outcome: outcome.kind }, "job attempt finished");
	finished(outcome.kind === "done" ? "completed" : outcome.kind === "retry" ? "failed" : "dead_lettered");
	return outcome;
}

function attempt(context: AttemptContext, input: AttemptInput): Promise<AttemptOutcome> {
	return runOutsideTransaction(async () => {
		const logger = context.logger.child({ job: input.name, jobId: input.jobId, attempt: input.attempt });
		try {
			const definition = context.registry.get(input.name);
			const payload = openEnvelope(definition, input.data);
			await definition.handle(payload, { attempt: input.attempt, jobId: input.jobId, logger });
			return { kind: "done" };
		} catch (error) {
			// An unknown job name stays retryable: in a rolling deploy, a newer worker may know it.
			if (!(error instanceof PermanentJobError) && input.attempt < input.attempts) {
				logger.warn({ err: error }, "job attempt failed; will retry");
				return { kind: "retry", error };
			}
			await context.deadLetters.record({
				jobName: input.name,
				jobId: input.jobId,
				payload: input.data,
				error: errorMessage(error),
				attempts: input.attempt,
			});
			return { kind: "dead", error };
		}
	});
}
