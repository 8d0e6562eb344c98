import { randomUUID } from "node:crypto";
import type { EnqueueOptions, JobDefinition } from "../infrastructure.types";
import { currentTraceCarrier, type TraceCarrier } from "../observability/tracing";
import { PermanentJobError, UnknownJobError } from "./errors";

/** What a queue stores: the validated payload plus the definition version that validated it. */
export interface JobEnvelope {
	readonly version: number;
	readonly payload: unknown;
	/** The enqueuer's trace context, when tracing: the job's spans continue its trace. */
	readonly trace?: TraceCarrier;
}

export class JobRegistry {
	private readonly definitions = new Map<string, JobDefinition<unknown>>();

	define<P>(definition: JobDefinition<P>): void {
		if (this.definitions.has(definition.name)) throw new Error(`Job "${definition.name}" is defined twice`);
		this.definitions.set(definition.name, definition as JobDefinition<unknown>);
	}

	get(name: string): JobDefinition<unknown> {
		const definition = this.definitions.get(name);
		if (definition === undefined) throw new UnknownJobError(name);
		return definition;
	}

	/** Validates before anything is stored: a bad payload fails the caller, not a worker later. */
	envelope(name: string, payload: unknown): { definition: JobDefinition<unknown>; envelope: JobEnvelope } {
		const definition = this.get(name);
		const trace = currentTraceCarrier();
		return { definition, envelope: { version: definition.version, payload: definition.parse(payload), ...(trace === undefined ? {} : { trace }) } };
	}
}

/**
 * Validates a stored envelope again before handling: the payload may come from another deploy or a
 * hand-edited queue. During a rolling deploy an old worker may meet a newer payload version: it leaves
 * the job for a retry (an up-to-date worker will take it). A payload of this version or an older one
 * that does not parse will never parse, so that is a permanent failure.
 */
export function openEnvelope(definition: JobDefinition<unknown>, data: unknown): unknown {
	const envelope = data as Partial<JobEnvelope> | undefined;
	const version = typeof envelope?.version === "number" ? envelope.version : undefined;
	if (version !== undefined && version > definition.version) {
		throw new Error(`Payload version ${version} of job "${definition.name}" is newer than this worker's version ${definition.version}`);
	}
	try {
		return definition.parse(envelope?.payload);
	} catch (error) {
		throw new PermanentJobError(
			`Stored payload (version ${version ?? "none"}) of job "${definition.name}" fails validation of version ${definition.version}: ${errorMessage(error)}`,
			{ cause: error },
		);
	}
}

/**
 * Job ids are the idempotency key, namespaced by job name (the same key for two different jobs must not
 * collide) and escaped because BullMQ refuses ids containing ":".
 */
export function jobIdFor(name: string, options?: EnqueueOptions): string {
	if (options?.idempotencyKey === undefined) return randomUUID();
	return `${name}/${options.idempotencyKey.replace(/%/g, "%25").replace(/:/g, "%3A")}`;
}

export function backoffDelay(backoffMs: number, failedAttempts: number): number {
	return Math.round(backoffMs * 2 ** (failedAttempts - 1));
}

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
