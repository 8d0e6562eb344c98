/**
 * OpenTelemetry for the service: a tracer provider, the W3C trace-context propagator, and auto-instrumentation for
 * incoming and outgoing HTTP (node:http for Stripe, SendGrid and Pusher; undici for fetch, which Open Cloud and
 * Supabase use), Express routes, SQL (pg) and Redis (ioredis). Jobs get their own producer and consumer spans
 * (job-spans.ts). Spans go over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (the exporter also reads the standard
 * OTEL_EXPORTER_OTLP_* variables such as headers); tests pass an in-memory exporter instead.
 */
import { ExpressInstrumentation, ExpressLayerType } from "@opentelemetry/instrumentation-express";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { setTracingEnabled } from "./tracing-state";

export interface TracingOptions {
	readonly serviceName: string;
	readonly serviceVersion: string;
	/** ROLE of this process (all, web, worker), as a resource attribute. */
	readonly role?: string;
	/** Tests: export here, span by span, instead of batching to OTLP. */
	readonly exporter?: SpanExporter;
}

export interface Tracing {
	/** Sends what is still buffered and unregisters everything. */
	shutdown(): Promise<void>;
}

/** Probes and scrapes come every few seconds from machines: a span for each would bury the requests people make. */
const UNTRACED_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

export function startTracing(options: TracingOptions): Tracing {
	const exporter = options.exporter ?? new OTLPTraceExporter();
	const provider = new NodeTracerProvider({
		resource: resourceFromAttributes({
			"service.name": options.serviceName,
			"service.version": options.serviceVersion,
			...(options.role === undefined ? {} : { "toolboxai.role": options.role }),
		}),
		spanProcessors: [options.exporter === undefined ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)],
	});
	provider.register();
	const disable = registerInstrumentations({
		tracerProvider: provider,
		instrumentations: [
			new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? "").split("?")[0] ?? "") }),
			new UndiciInstrumentation(),
			// Routers and route handlers (the route template names the request's span); a span per middleware is noise.
			new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
			// SQL and Redis inside a request or a job; the queue's own polling and the sweeps' queries stay out of traces.
			new PgInstrumentation({ requireParentSpan: true }),
			new IORedisInstrumentation({ requireParentSpan: true }),
		],
	});
	setTracingEnabled(true);
	return {
		async shutdown() {
			disable();
			setTracingEnabled(false);
			await provider.shutdown();
		},
	};
}
