import { context, isSpanContextValid, trace } from "@opentelemetry/api";

/** The active span's ids for a log line (a pino mixin), beside its requestId; none outside a span. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
	const span = trace.getSpan(context.active());
	if (span === undefined) return {};
	const spanContext = span.spanContext();
	return isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}
