/**
 * Whether this process traces. Unset OTEL_EXPORTER_OTLP_ENDPOINT leaves it false: nothing is registered, and the
 * helpers below skip even the no-op API calls, so tracing costs nothing when it is off.
 */
let enabled = false;

export function tracingEnabled(): boolean {
	return enabled;
}

export function setTracingEnabled(value: boolean): void {
	enabled = value;
}
