/**
 * OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. start-tracing.ts (heavy: the SDK and the
 * instrumentations) is loaded only when tracing starts; the rest is the light API.
 */
export { tracingEnabled } from "./tracing-state";
export { currentTraceCarrier, inConsumerSpan, inProducerSpan, type ConsumedJob, type TraceCarrier } from "./job-spans";
export { traceLogFields } from "./log-fields";
export type { Tracing, TracingOptions } from "./start-tracing";
