/**
 * The metrics an operator scrapes: after a known set of requests, progress batches and jobs, /metrics shows exactly
 * those counts, under bounded labels (route templates, job names, outcomes; never a path or a tenant id).
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { createApp } from "../app";
import type { AppModule } from "../http/app-module";
import { createLogger } from "../logging/logger";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../http/__tests__/harness";
import { echoModule } from "../http/__tests__/echo-module";
import { event, joinStudent, runtimeSchool, sendBatch, type RuntimeSchool } from "../modules/runtime/__tests__/runtime-fixtures";
import { type Sample, sampleValue, samplesOf, parseExposition } from "./metrics-exposition";

const TOKEN = "metrics-token-for-tests-0123456789abcdef";
const STUDENT = 8101;

/** Jobs whose outcomes the test decides: one that works, one that works on its second try, one that always fails. */
const jobModule: AppModule = {
	name: "metrics-jobs",
	routes: () => [],
	jobs: () => [
		{ name: "metrics.ok", version: 1, parse: (p) => p, attempts: 1, handle: async () => {} },
		{
			name: "metrics.flaky",
			version: 1,
			parse: (p) => p,
			attempts: 2,
			backoffMs: 10,
			handle: async (_p, { attempt }) => {
				if (attempt === 1) throw new Error("first try fails");
			},
		},
		{
			name: "metrics.doomed",
			version: 1,
			parse: (p) => p,
			attempts: 1,
			handle: async () => {
				throw new Error("never works");
			},
		},
	],
};

let database: TestDatabase;
let t: TestApp;
let school: RuntimeSchool;

beforeAll(async () => {
	database = await createTestDatabase("metrics");
	t = await startTestApp({ database, env: { METRICS_TOKEN: TOKEN }, extraModules: [echoModule, jobModule] });
	school = await runtimeSchool(t, "Metrics School");
	await joinStudent(t, school, STUDENT);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function scrapeSamples(): Promise<Sample[]> {
	const res = await request(t.app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`);
	expect(res.status).toBe(200);
	expect(res.headers["content-type"]).toMatch(/^text\/plain/);
	return parseExposition(res.text);
}

/** Polls the scrape until `check` holds (a generous bound: jobs run in the background). */
async function scrapeUntil(check: (samples: Sample[]) => boolean, what: string): Promise<Sample[]> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const samples = await scrapeSamples();
		if (check(samples)) return samples;
		if (Date.now() > deadline) throw new Error(`metrics never showed ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe("scraped after a known set of requests", () => {
	it("counts requests, errors by code and durations per route template and method", async () => {
		const before = await scrapeSamples();
		const delta = (name: string, labels: Record<string, string>, after: Sample[]) => sampleValue(after, name, labels) - sampleValue(before, name, labels);

		for (const id of ["a", "b", "c"]) expect((await request(t.app).get(`/v1/test/items/${id}`)).status).toBe(200);
		for (let i = 0; i < 2; i++) expect((await request(t.app).post("/v1/test/echo").send({ name: "Ada", items: [], fail: "conflict" })).status).toBe(409);
		expect((await request(t.app).delete("/v1/test/items/a")).status).toBe(405);
		expect((await request(t.app).get(`/no/such/path/${randomUUID()}`)).status).toBe(404);

		const after = await scrapeSamples();
		const item = { route: "/v1/test/items/:itemId", method: "GET" };
		expect(delta("toolboxai_http_requests_total", { ...item, status: "200" }, after)).toBe(3);
		expect(delta("toolboxai_http_request_duration_seconds_count", item, after)).toBe(3);
		expect(delta("toolboxai_http_requests_total", { route: "/v1/test/echo", method: "POST", status: "409" }, after)).toBe(2);
		expect(delta("toolboxai_http_errors_total", { route: "/v1/test/echo", method: "POST", code: "conflict" }, after)).toBe(2);
		expect(delta("toolboxai_http_errors_total", { route: "/v1/test/items/:itemId", method: "DELETE", code: "method_not_allowed" }, after)).toBe(1);
		expect(delta("toolboxai_http_errors_total", { route: "unmatched", method: "GET", code: "not_found" }, after)).toBe(1);

		// Bounded labels: no path a client sent, no id of a school, user or key.
		const httpSamples = after.filter((s) => s.name.startsWith("toolboxai_http_"));
		const labelValues = httpSamples.flatMap((s) => Object.values(s.labels));
		expect(labelValues.filter((v) => /\/v1\/test\/items\/[abc]$|\/no\/such/.test(v))).toEqual([]);
		expect(labelValues.filter((v) => v.includes(school.admin.tenantId))).toEqual([]);
		expect(new Set(httpSamples.flatMap((s) => Object.keys(s.labels)))).toEqual(new Set(["route", "method", "status", "code", "le"]));
	});

	it("counts progress events by outcome, and the aggregation lag rises then falls to 0 once the job ran", async () => {
		const before = await scrapeSamples();
		const events = [event.started(STUDENT, school.lessonId), event.step(STUDENT, school.lessonId, "intro", 900), event.started(9999, school.lessonId)];
		const first = await sendBatch(t, school.key.secret, events);
		expect(first.body).toMatchObject({ accepted: 2, duplicates: 0 });
		const again = await sendBatch(t, school.key.secret, events.slice(0, 2));
		expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });

		const after = await scrapeSamples();
		const delta = (outcome: string) => sampleValue(after, "toolboxai_progress_events_total", { outcome }) - sampleValue(before, "toolboxai_progress_events_total", { outcome });
		expect([delta("accepted"), delta("duplicate"), delta("rejected")]).toEqual([2, 2, 1]);
		// Nothing aggregates until the queue's workers start: the two stored events wait.
		expect(sampleValue(after, "toolboxai_progress_aggregation_lag_seconds", {})).toBeGreaterThan(0);

		await t.infra.queue.start();
		await scrapeUntil((samples) => sampleValue(samples, "toolboxai_progress_aggregation_lag_seconds", {}) === 0, "the aggregation lag back at 0");
	});

	it("counts jobs per name: queued, completed, failed, dead-lettered, with wait and run durations", async () => {
		await t.infra.queue.start();
		await t.infra.queue.enqueue("metrics.ok", {});
		await t.infra.queue.enqueue("metrics.ok", {});
		await t.infra.queue.enqueue("metrics.flaky", {});
		await t.infra.queue.enqueue("metrics.doomed", {});
		const finished = (samples: Sample[], job: string, outcome: string) => sampleValue(samples, "toolboxai_jobs_finished_total", { job_name: job, outcome });
		const samples = await scrapeUntil(
			(s) => finished(s, "metrics.ok", "completed") === 2 && finished(s, "metrics.flaky", "completed") === 1 && finished(s, "metrics.doomed", "dead_lettered") === 1,
			"every test job finished",
		);
		expect(sampleValue(samples, "toolboxai_jobs_queued_total", { job_name: "metrics.ok" })).toBe(2);
		expect(sampleValue(samples, "toolboxai_jobs_queued_total", { job_name: "metrics.doomed" })).toBe(1);
		expect(finished(samples, "metrics.flaky", "failed")).toBe(1);
		expect(finished(samples, "metrics.doomed", "failed")).toBe(0);
		expect(sampleValue(samples, "toolboxai_job_run_seconds_count", { job_name: "metrics.ok" })).toBe(2);
		expect(sampleValue(samples, "toolboxai_job_run_seconds_count", { job_name: "metrics.flaky" })).toBe(2);
		// Only first attempts measure a wait (a retry's would be its backoff).
		expect(sampleValue(samples, "toolboxai_job_wait_seconds_count", { job_name: "metrics.flaky" })).toBe(1);
		expect(sampleValue(samples, "toolboxai_jobs_active", { job_name: "metrics.ok" })).toBe(0);
		// The same families cover the service's own jobs, e.g. the aggregation that ran above.
		expect(sampleValue(samples, "toolboxai_jobs_finished_total", { job_name: "progress.aggregate", outcome: "completed" })).toBeGreaterThanOrEqual(1);
	});

	it("has build info, database pool gauges and the process defaults", async () => {
		const samples = await scrapeSamples();
		const build = samplesOf(samples, "toolboxai_build_info");
		expect(build).toHaveLength(1);
		expect(build[0]?.labels).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), node_version: process.version });
		expect(sampleValue(samples, "toolboxai_db_pool_connections", { state: "max" })).toBeGreaterThan(0);
		expect(samplesOf(samples, "toolboxai_db_pool_waiting")).toHaveLength(1);
		for (const name of ["toolboxai_process_cpu_user_seconds_total", "toolboxai_process_resident_memory_bytes", "toolboxai_nodejs_heap_size_used_bytes"]) {
			expect(samplesOf(samples, name).length).toBeGreaterThan(0);
		}
	});
});

describe("/metrics on the main port", () => {
	it("is refused without the bearer token, or with another one, with the usual JSON error", async () => {
		for (const authorization of [undefined, "Bearer not-the-token", `Basic ${TOKEN}`]) {
			const req = request(t.app).get("/metrics");
			const res = authorization === undefined ? await req : await req.set("Authorization", authorization);
			expect(res.status).toBe(401);
			expect(res.body.error.code).toBe("unauthenticated");
			expect(res.headers["www-authenticate"]).toBe("Bearer");
			expect(res.text).not.toContain("toolboxai_");
		}
	});
});

describe("without METRICS_TOKEN", () => {
	it("the main port has no /metrics at all", async () => {
		const bare = createApp({ config: { ...t.config, metrics: undefined }, logger: createLogger({ ...t.config, logLevel: "silent" }), infra: t.infra, modules: [] });
		const res = await request(bare).get("/metrics").set("Authorization", `Bearer ${TOKEN}`);
		expect(res.status).toBe(404);
		expect(res.body.error.code).toBe("not_found");
	});
});
