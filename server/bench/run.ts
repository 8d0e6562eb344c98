/**
 * `npm run bench`: GET /v1/meta through the full app vs a bare Express handler. Prints both, the ratio and
 * p99 latency; the last stdout line is the result as JSON, also written to .tmp/bench/meta-vs-bare.json.
 * Then GET /v1/runtime/lessons/active (200 and 304) vs bare Express serving the same bytes, on the configured
 * database and, when tests/env/bench.sh started the services, on the embedded default too; .tmp/bench/active-content.json.
 * BENCH_CONTENT_KEYS (default 100) spreads the requests over that many API keys.
 * Then progress ingestion (HTTP vs raw batched INSERT, 500-event batches), written to
 * .tmp/bench/progress-ingestion.json, and again with BENCH_INGEST_SERVERS (default 4) game servers sending at once
 * (the batch p99 against the raw INSERT's p99 under that load); BENCH_INGEST_BATCHES (default 40) and BENCH_INGEST_CONCURRENCY (default 1: one game server sends one batch at a time, and the p99 is then a
 * batch's latency, not time queued behind others on a small machine) tune it.
 * Then deployments: plan time of a 1,000-asset release vs its bare asset-map SELECT, and the Open Cloud calls of a
 * redeploy with 1 changed asset vs the minimum (5), written to .tmp/bench/deployments.json; BENCH_DEPLOY_ITERATIONS
 * (plans per round, default 20) tunes it.
 * Then bytes on the wire: the dashboard's first load, all its scripts and styles, and /openapi.json, each uncompressed, gzip
 * and brotli as the service sends them, written to .tmp/bench/wire-bytes.json.
 * `npm run bench -- capacity` runs only the capacity steps (server/bench/capacity.ts): BENCH_CAPACITY_STEPS (game
 * servers per step, comma-separated) and BENCH_CAPACITY_STEP_S (default 30) tune it; .tmp/bench/capacity.json.
 * BENCH_DURATION_S (per round and side, default 5), BENCH_ROUNDS (default 3) and BENCH_CONNECTIONS (default 50) tune the run; DATABASE_URL/REDIS_URL
 * choose the infrastructure as for `npm start` (embedded when unset).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runActiveContent, type ActiveContentResult, type PathResult } from "./active-content";
import { runCapacity, type StepResult } from "./capacity";
import { resultsDir, runMetaVsBare, type Measurement } from "./meta-vs-bare";
import { runDeployBench } from "./deployments";
import { runProgressIngestion, type IngestionMeasurement } from "./progress-ingestion";
import { runWireBytes, wireBytesLine } from "./wire-bytes";

const REPO_ROOT = path.resolve(__dirname, "../..");

function line(label: string, m: Measurement): string {
	return `${label.padEnd(22)} ${m.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${m.p50LatencyMs} ms   p99 ${m.p99LatencyMs} ms   (${m.requests} requests, ${m.failures} failed)`;
}

function contentLines(result: ActiveContentResult): string[] {
	const path = (label: string, p: PathResult) =>
		`${label.padEnd(10)} app ${p.app.requestsPerSecond.toFixed(0).padStart(6)} req/s (p99 ${p.app.p99LatencyMs} ms)   bare ${p.bare.requestsPerSecond.toFixed(0).padStart(6)} req/s (p99 ${p.bare.p99LatencyMs} ms)   ratio ${p.ratio} (goal >= 0.6)   p99 ratio ${p.p99Ratio}   failures ${p.app.failures + p.bare.failures}`;
	return [
		`GET /v1/runtime/lessons/active on ${result.driver} (${result.replyBytes}-byte reply, ${result.connections} connections, median of ${result.rounds} rounds):`,
		path("  200", result.ok200),
		path("  304", result.notModified304),
	];
}

function ingestionLine(label: string, m: IngestionMeasurement): string {
	return `${label.padEnd(22)} ${m.eventsPerSecond.toFixed(0).padStart(8)} events/s   p50 ${m.p50BatchMs} ms   p99 ${m.p99BatchMs} ms per batch   (${m.batches} batches, ${m.failures} failed)`;
}

function capacityLine(step: StepResult): string {
	const routes = Object.entries(step.routes)
		.map(([name, r]) => `${name} p99 ${r.p99Ms} ms${r.errors > 0 ? ` (${r.errors} failed)` : ""}`)
		.join(", ");
	const cpu = [
		`service ${step.cpu.service}`,
		...(step.cpu.postgres === undefined ? [] : [`postgres ${step.cpu.postgres}`]),
		...(step.cpu.redis === undefined ? [] : [`redis ${step.cpu.redis}`]),
	].join(", ");
	return `${String(step.servers).padStart(6)} game servers  ${step.requestsPerSecond.toFixed(0).padStart(6)} req/s  ${step.held ? "held" : "NOT held"}  slowest: ${step.slowestRoute}  [${routes}]  CPU cores: ${cpu}`;
}

/** `npm run bench -- capacity`: game servers added step by step until a route's p99 passes 200 ms or a request fails. */
async function capacity(): Promise<void> {
	const databaseUrl = process.env.DATABASE_URL;
	const redisUrl = process.env.REDIS_URL;
	if (databaseUrl === undefined || redisUrl === undefined) throw new Error("capacity needs DATABASE_URL and REDIS_URL (npm run bench starts both)");
	const servicesDir = process.env.TOOLBOXAI_SERVICES_DIR;
	const redisPidFile = servicesDir === undefined ? undefined : path.join(servicesDir, "redis.pid");
	const steps = (process.env.BENCH_CAPACITY_STEPS ?? "100,200,400,600,800,1000,1200,1600,2000,2500,3000").split(",").map(Number);
	const result = await runCapacity(
		{
			steps,
			stepSeconds: Number(process.env.BENCH_CAPACITY_STEP_S ?? "30"),
			teachers: 20,
			p99LimitMs: 200,
			databaseUrl,
			redisUrl,
			...(servicesDir === undefined ? {} : { postgresDataDir: path.join(servicesDir, "pg") }),
			...(redisPidFile === undefined || !existsSync(redisPidFile) ? {} : { redisPid: Number(readFileSync(redisPidFile, "utf8").trim()) }),
		},
		(step) => console.log(capacityLine(step)),
	);
	console.log(`capacity: ${result.held} game servers held (every route's p99 <= ${result.p99LimitMs} ms, no failed request)`);
	const dir = resultsDir(REPO_ROOT);
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, "capacity.json"), `${JSON.stringify(result, null, 2)}\n`);
}

async function main(): Promise<void> {
	if (process.argv.includes("capacity")) return capacity();
	const durationSeconds = Number(process.env.BENCH_DURATION_S ?? "5");
	const connections = Number(process.env.BENCH_CONNECTIONS ?? "50");
	const rounds = Number(process.env.BENCH_ROUNDS ?? "3");
	const env = { ...process.env, DATA_DIR: process.env.DATA_DIR ?? path.join(REPO_ROOT, ".tmp", "bench-data") };
	const result = await runMetaVsBare({ durationSeconds, rounds, connections, env });
	console.log(line("bare Express /v1/meta", result.bare));
	console.log(line("full app GET /v1/meta", result.meta));
	console.log(`ratio meta/bare: ${result.ratio}   (median of ${result.rounds} alternating rounds, NODE_ENV=${result.nodeEnv})`);
	const dir = resultsDir(REPO_ROOT);
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, "meta-vs-bare.json"), `${JSON.stringify(result, null, 2)}\n`);
	if (result.meta.failures > 0 || result.bare.failures > 0) {
		console.error("some requests failed: the numbers above do not measure the happy path");
		process.exitCode = 1;
	}
	const contentOptions = { durationSeconds, rounds, connections, keys: Number(process.env.BENCH_CONTENT_KEYS ?? "100") };
	const content = await runActiveContent({ ...contentOptions, env });
	for (const text of contentLines(content)) console.log(text);
	const contentResults: ActiveContentResult[] = [content];
	if (process.env.BENCH_EMBEDDED_TOO === "1") {
		// The embedded default too (PGlite in a data dir of its own, no Redis), for comparison.
		const embeddedDir = path.join(REPO_ROOT, ".tmp", "bench-embedded");
		rmSync(embeddedDir, { recursive: true, force: true });
		const embeddedEnv: NodeJS.ProcessEnv = { ...env, DATA_DIR: embeddedDir };
		delete embeddedEnv.DATABASE_URL;
		delete embeddedEnv.REDIS_URL;
		const embedded = await runActiveContent({ ...contentOptions, env: embeddedEnv });
		for (const text of contentLines(embedded)) console.log(text);
		contentResults.push(embedded);
	}
	writeFileSync(path.join(dir, "active-content.json"), `${JSON.stringify(contentResults, null, 2)}\n`);
	if (contentResults.some((r) => [r.ok200, r.notModified304].some((p) => p.app.failures + p.bare.failures > 0))) {
		console.error("some content requests failed: the content numbers do not measure the happy path");
		process.exitCode = 1;
	}
	const ingestion = await runProgressIngestion({
		batches: Number(process.env.BENCH_INGEST_BATCHES ?? "40"),
		concurrency: Number(process.env.BENCH_INGEST_CONCURRENCY ?? "1"),
		rounds,
		env,
	});
	console.log(ingestionLine("raw batched INSERT", ingestion.raw));
	console.log(ingestionLine("HTTP progress batches", ingestion.http));
	console.log(`ratio http/raw: ${ingestion.ratio}   (500 events per batch, ${ingestion.concurrency} in flight, median of ${ingestion.rounds} rounds; target >= 0.5, p99 < 50 ms)`);
	console.log(
		`aggregation job: ${ingestion.aggregation.events} stored events folded into the summaries in ${ingestion.aggregation.ms} ms (${ingestion.aggregation.eventsPerSecond} events/s, off the request path)`,
	);
	// Several game servers at once: a batch's p99 against the raw INSERT's own p99 under the same load.
	const concurrent = await runProgressIngestion({
		batches: Number(process.env.BENCH_INGEST_BATCHES ?? "40"),
		concurrency: Number(process.env.BENCH_INGEST_SERVERS ?? "4"),
		rounds,
		env,
	});
	const p99Ratio = Number((concurrent.http.p99BatchMs / concurrent.raw.p99BatchMs).toFixed(3));
	console.log(ingestionLine(`raw, ${concurrent.concurrency} at once`, concurrent.raw));
	console.log(ingestionLine(`HTTP, ${concurrent.concurrency} at once`, concurrent.http));
	console.log(`ratio http/raw: ${concurrent.ratio}; batch p99 http/raw: ${p99Ratio} (goal <= 1.1, ${concurrent.concurrency} game servers sending at once)`);
	writeFileSync(path.join(dir, "progress-ingestion.json"), `${JSON.stringify({ ...ingestion, concurrent: { ...concurrent, p99Ratio } }, null, 2)}\n`);
	if ([ingestion, concurrent].some((run) => run.http.failures > 0 || run.raw.failures > 0)) {
		console.error("some batches failed: the ingestion numbers do not measure the happy path");
		process.exitCode = 1;
	}
	const deploys = await runDeployBench({ assets: 1000, deployedAssets: 50, rounds, iterations: Number(process.env.BENCH_DEPLOY_ITERATIONS ?? "20"), env });
	console.log(`plan, 1,000-asset release   ${deploys.planMs} ms   (bare asset-map SELECT of the same 1,000 hashes: ${deploys.baselineMs} ms)`);
	console.log(`ratio plan/select: ${deploys.ratio}   (median of ${deploys.rounds} rounds of ${deploys.iterations} plans)`);
	console.log(
		`redeploy with 1 changed asset: ${deploys.redeploy.totalCalls} Open Cloud calls (minimum possible ${deploys.redeploy.minimumCalls}); identical redeploy: ${deploys.redeploy.identicalRedeployCalls} calls   ${JSON.stringify(deploys.redeploy.calls)}`,
	);
	writeFileSync(path.join(dir, "deployments.json"), `${JSON.stringify(deploys, null, 2)}\n`);
	if (deploys.redeploy.totalCalls !== deploys.redeploy.minimumCalls || deploys.redeploy.identicalRedeployCalls !== 0) {
		console.error("the redeploy made more Open Cloud calls than the minimum");
		process.exitCode = 1;
	}
	const wire = await runWireBytes({ env });
	console.log(wireBytesLine(`dashboard first load (${wire.dashboardFirstLoad.files} files)`, wire.dashboardFirstLoad));
	console.log(wireBytesLine(`dashboard scripts + styles (${wire.dashboardAllAssets.files})`, wire.dashboardAllAssets));
	console.log(wireBytesLine("GET /openapi.json", wire.openApiJson));
	writeFileSync(path.join(dir, "wire-bytes.json"), `${JSON.stringify(wire, null, 2)}\n`);
	console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
