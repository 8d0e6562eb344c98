/**
 * Imported first by main.ts: the instrumentations must patch http, express, pg and ioredis before anything loads
 * them. With OTEL_EXPORTER_OTLP_ENDPOINT unset nothing is loaded or registered, so tracing costs nothing.
 */
import type { Tracing } from "./observability/tracing";
import { SERVER_VERSION } from "./platform/meta/server-version";

function start(env: NodeJS.ProcessEnv): Tracing | undefined {
	if ((env.OTEL_EXPORTER_OTLP_ENDPOINT ?? "").trim() === "") return undefined;
	// Loaded here, not imported above: the SDK and its instrumentations stay out of a process that does not trace.
	const { startTracing } = require("./observability/tracing/start-tracing") as typeof import("./observability/tracing/start-tracing");
	return startTracing({ serviceName: env.OTEL_SERVICE_NAME?.trim() || "toolboxai-server", serviceVersion: SERVER_VERSION, role: env.ROLE?.trim() || "all" });
}

const tracing = start(process.env);

/** Sends the spans still buffered; called last at shutdown. A collector that is away costs the spans, not the exit code. */
export function flushTracing(): Promise<void> {
	return tracing?.shutdown().catch(() => undefined) ?? Promise.resolve();
}
