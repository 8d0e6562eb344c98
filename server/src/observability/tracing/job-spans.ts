import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { tracingEnabled } from "./tracing-state";

/** W3C trace-context headers (traceparent, tracestate) carried in a job's stored envelope. */
export type TraceCarrier = Record<string, string>;

const tracer = () => trace.getTracer("toolboxai-jobs");

function messaging(jobName: string, operation: "send" | "process"): Record<string, string> {
	return { "messaging.system": "toolboxai.jobs", "messaging.operation.type": operation, "messaging.destination.name": jobName };
}

function fail(span: Span, error: unknown): void {
	span.recordException(error instanceof Error ? error : String(error));
	span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The active trace context as headers to store with a job (undefined when not tracing). */
export function currentTraceCarrier(): TraceCarrier | undefined {
	if (!tracingEnabled()) return undefined;
	const carrier: TraceCarrier = {};
	propagation.inject(context.active(), carrier);
	return Object.keys(carrier).length === 0 ? undefined : carrier;
}

/** Enqueueing as a producer span: the envelope written inside `send` carries this span's context to the consumer. */
export async function inProducerSpan<T>(jobName: string, send: () => Promise<T>): Promise<T> {
	if (!tracingEnabled()) return send();
	return tracer().startActiveSpan(`send ${jobName}`, { kind: SpanKind.PRODUCER, attributes: messaging(jobName, "send") }, async (span) => {
		try {
			return await send();
		} catch (error) {
			fail(span, error);
			throw error;
		} finally {
			span.end();
		}
	});
}

function isCarrier(value: unknown): value is TraceCarrier {
	return typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string");
}

export interface ConsumedJob {
	readonly name: string;
	readonly jobId: string;
	readonly attempt: number;
	/** What the producer stored (anything else, e.g. a job from before tracing, starts a trace of its own). */
	readonly carrier: unknown;
}

/**
 * One attempt as a consumer span, a child of the producer's span (one trace from the request to the job's SQL and
 * outgoing calls, retries included). `failure` says which outcomes count as errors.
 */
export async function inConsumerSpan<T>(job: ConsumedJob, run: () => Promise<T>, failure: (outcome: T) => unknown): Promise<T> {
	if (!tracingEnabled()) return run();
	const parent = isCarrier(job.carrier) ? propagation.extract(ROOT_CONTEXT, job.carrier) : ROOT_CONTEXT;
	const attributes = { ...messaging(job.name, "process"), "messaging.message.id": job.jobId, "toolboxai.job.attempt": job.attempt };
	return tracer().startActiveSpan(`process ${job.name}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
		try {
			const outcome = await run();
			const error = failure(outcome);
			if (error !== undefined) fail(span, error);
			return outcome;
		} catch (error) {
			fail(span, error);
			throw error;
		} finally {
			span.end();
		}
	});
}
