import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's one metrics registry (not prom-client's global one, so nothing a dependency registers leaks into
 * our scrape). Every family is made once, by name, through the helpers below: a second call returns the first
 * instance, so instrumented code can ask for its metric wherever it runs.
 *
 * Label values must stay bounded: route templates (never paths), job names, operation names, status codes, outcomes.
 * Never a tenant, user, request or job id.
 */
export const metricsRegistry = new Registry();

/** Every family this service defines starts with this. */
export const METRIC_PREFIX = "toolboxai_";

collectDefaultMetrics({ register: metricsRegistry, prefix: METRIC_PREFIX });

/** Seconds, from about 5 ms to 2 minutes: HTTP requests, jobs and Open Cloud calls all fit. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

type Labels<L extends string> = ReadonlyArray<L>;

function existing<T>(name: string): T | undefined {
	return metricsRegistry.getSingleMetric(name) as T | undefined;
}

export function counter<L extends string>(name: string, help: string, labelNames: Labels<L>): Counter<L> {
	return existing<Counter<L>>(name) ?? new Counter({ name, help, labelNames, registers: [metricsRegistry] });
}

export function histogram<L extends string>(name: string, help: string, labelNames: Labels<L>, buckets = DURATION_BUCKETS): Histogram<L> {
	return existing<Histogram<L>>(name) ?? new Histogram({ name, help, labelNames, buckets, registers: [metricsRegistry] });
}

/** `collect`, when given, runs at each scrape (prom-client awaits it) to read the current value. */
export function gauge<L extends string>(name: string, help: string, labelNames: Labels<L>, collect?: (this: Gauge<L>) => void | Promise<void>): Gauge<L> {
	return existing<Gauge<L>>(name) ?? new Gauge({ name, help, labelNames, registers: [metricsRegistry], ...(collect === undefined ? {} : { collect }) });
}

/** Seconds since `startedAt` (a `performance.now()` or `Date.now()` reading of the same clock as `now`). */
export function secondsSince(startedAt: number, now: number = performance.now()): number {
	return Math.max(0, (now - startedAt) / 1000);
}
