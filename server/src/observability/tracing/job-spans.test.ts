/**
 * Job spans in-process, with the SDK's in-memory exporter: every attempt is a consumer span whose parent is the
 * producer span of the enqueue (retries included, a failed attempt marked as an error), the producer sits in the
 * enqueuer's span, and the envelope carries no trace context while tracing is off.
 */
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import pino from "pino";
import { InProcessJobQueue } from "../../jobs/in-process-queue";
import { JobRegistry } from "../../jobs/registry";
import { startTracing, type Tracing } from "./start-tracing";

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
afterEach(() => exporter.reset());
afterAll(() => tracing?.shutdown());

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

it("stores no trace context while tracing is off", () => {
	const registry = new JobRegistry();
	registry.define({ name: "demo.untraced", version: 1, parse: (p) => p, handle: async () => undefined });
	expect(registry.envelope("demo.untraced", { n: 1 }).envelope).toEqual({ version: 1, payload: { n: 1 } });
});

it("parents every attempt's consumer span to the producer span inside the enqueuer's span", async () => {
	tracing = startTracing({ serviceName: "jobs-test", serviceVersion: "0", exporter });
	const queue = new InProcessJobQueue({
		logger: pino({ level: "silent" }),
		deadLetters: { record: () => Promise.reject(new Error("no job here may be dead-lettered")) },
	});
	let calls = 0;
	queue.define<{ n: number }>({
		name: "demo.flaky",
		version: 1,
		parse: (p) => p as { n: number },
		attempts: 2,
		backoffMs: 1,
		handle: async () => {
			calls++;
			if (calls === 1) throw new Error("first attempt fails");
		},
	});
	await queue.start();
	const rootId = await trace.getTracer("test").startActiveSpan("request", async (span) => {
		await queue.enqueue("demo.flaky", { n: 1 });
		span.end();
		return span.spanContext().spanId;
	});
	const consumers = await until("two attempts", () => {
		const found = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CONSUMER);
		return found.length === 2 ? found : undefined;
	});
	await queue.close();
	const producer = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.PRODUCER);
	expect(producer?.name).toBe("send demo.flaky");
	expect(producer?.parentSpanContext?.spanId).toBe(rootId);
	for (const consumer of consumers) {
		expect(consumer.name).toBe("process demo.flaky");
		expect(consumer.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
		expect(consumer.spanContext().traceId).toBe(producer?.spanContext().traceId);
	}
	const byAttempt = new Map(consumers.map((c) => [c.attributes["toolboxai.job.attempt"], c]));
	expect(byAttempt.get(1)?.status.code).toBe(SpanStatusCode.ERROR);
	expect(byAttempt.get(2)?.status.code).toBe(SpanStatusCode.UNSET);
});
