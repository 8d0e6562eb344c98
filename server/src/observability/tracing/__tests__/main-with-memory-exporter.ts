/**
 * The real main.ts in a child process, for the tracing tests (auto-instrumentation patches Node's own module loader,
 * which Jest replaces, so it cannot be observed inside a Jest worker). TRACE_TEST_EXPORTER=memory starts tracing with
 * the SDK's in-memory exporter before main loads; unset leaves main to decide (OTEL_EXPORTER_OTLP_ENDPOINT unset:
 * no tracing). The parent asks over IPC: "spans" answers the finished spans, "loaded" the OpenTelemetry SDK and
 * instrumentation modules this process loaded and whether node:http is patched.
 */
import type { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";

export interface SpanRecord {
	readonly name: string;
	readonly kind: number;
	readonly traceId: string;
	readonly spanId: string;
	readonly parentSpanId?: string;
	readonly attributes: Record<string, unknown>;
	readonly status: number;
}

export interface LoadedModules {
	readonly openTelemetry: string[];
	readonly httpPatched: boolean;
}

let exporter: InMemorySpanExporter | undefined;
if (process.env.TRACE_TEST_EXPORTER === "memory") {
	const { InMemorySpanExporter } = require("@opentelemetry/sdk-trace-base") as typeof import("@opentelemetry/sdk-trace-base");
	const { startTracing } = require("../start-tracing") as typeof import("../start-tracing");
	exporter = new InMemorySpanExporter();
	startTracing({ serviceName: "toolboxai-test", serviceVersion: "test", exporter });
}

process.on("message", (message) => {
	if (message === "spans") {
		const spans: SpanRecord[] = (exporter?.getFinishedSpans() ?? []).map((span) => ({
			name: span.name,
			kind: span.kind,
			traceId: span.spanContext().traceId,
			spanId: span.spanContext().spanId,
			...(span.parentSpanContext === undefined ? {} : { parentSpanId: span.parentSpanContext.spanId }),
			attributes: { ...span.attributes },
			status: span.status.code,
		}));
		process.send?.({ spans });
	}
	if (message === "loaded") {
		const openTelemetry = Object.keys(require.cache).filter((file) => /@opentelemetry[\\/](sdk-|instrumentation|exporter)/.test(file));
		const http = require("node:http") as { request: { __wrapped?: boolean } };
		const loaded: LoadedModules = { openTelemetry, httpPatched: http.request.__wrapped === true };
		process.send?.({ loaded });
	}
});

require("../../../main");
