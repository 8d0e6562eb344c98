/**
 * `npm run bench`: GET /v1/meta through the full app vs a bare Express handler. Prints both, the ratio and
 * p99 latency; the last stdout line is the result as JSON, also written to .tmp/bench/meta-vs-bare.json.
 * Then progress ingestion (HTTP vs raw batched INSERT, 500-event batches), written to
 * .tmp/bench/progress-ingestion.json; BENCH_INGEST_BATCHES (default 40) and BENCH_INGEST_CONCURRENCY (default 1: one game server sends one batch at a time, and the p99 is then a
 * batch's latency, not time queued behind others on a small machine) tune it.
 * Then deployments: plan time of a 1,000-asset release vs its bare asset-map SELECT, and the Open Cloud calls of a
 * redeploy with 1 changed asset vs the minimum (5), written to .tmp/bench/deployments.json; BENCH_DEPLOY_ITERATIONS
 * (plans per round, default 20) tunes it.
 * Then bytes on the wire: the dashboard's first load, all its scripts and styles, and /openapi.json, each uncompressed, gzip
 * and brotli as the service sends them, written to .tmp/bench/wire-bytes.json.
 * BENCH_DURATION_S (per round and side, default 5), BENCH_ROUNDS (default 3) and BENCH_CONNECTIONS (default 50) tune the run; DATABASE_URL/REDIS_URL
 * choose the infrastructure as for `npm start` (embedded when unset).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { resultsDir, runMetaVsBare, type Measurement } from "./meta-vs-bare";
import { runDeployBench } from "./deployments";
import { runProgressIngestion, type IngestionMeasurement } from "./progress-ingestion";
import { runWireBytes, wireBytesLine } from "./wire-bytes";

const REPO_ROOT = path.resolve(__dirname, "../..");

function line(label: string, m: Measurement): string {
	return `${label.padEnd(22)} ${m.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${m.p50LatencyMs} ms   p99 ${m.p99LatencyMs} ms   (${m.requests} requests, ${m.failures} failed)`;
}

function ingestionLine(label: string, m: IngestionMeasurement): string {
	return `${label.padEnd(22)} ${m.eventsPerSecond.toFixed(0).padStart(8)} events/s   p50 ${m.p50BatchMs} ms   p99 ${m.p99BatchMs} ms per batch   (${m.batches} batches, ${m.failures} failed)`;
}

async function main(): Promise<void> {
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
	writeFileSync(path.join(dir, "progress-ingestion.json"), `${JSON.stringify(ingestion, null, 2)}\n`);
	if (ingestion.http.failures > 0 || ingestion.raw.failures > 0) {
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
