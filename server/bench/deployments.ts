/**
 * Deployments, two figures:
 * 1. Plan time for a 1,000-asset release (POST /v1/deployments/plan's service function: environment, release,
 *    asset map, last deployment, plan) against the bare SELECT of the environment's asset map for those 1,000
 *    hashes, in the same process on the same Postgres; median of rounds, reported as a ratio.
 * 2. Open Cloud calls for a redeploy with 1 changed asset, counted at the local Open Cloud fake after a real live
 *    deploy of the release before it, against the minimum possible: 1 create + 1 operation poll (done at its first
 *    poll) + 1 publish + 1 data store write + 1 message = 5. An identical redeploy must make 0.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import pino from "pino";
import { QueryTypes, type Sequelize } from "sequelize";
import { systemCaller } from "../src/access/caller";
import { createApp } from "../src/app";
import type { Config } from "../src/config/config";
import { loadConfig } from "../src/config/load-config";
import { withTenant } from "../src/db/tenant-scope";
import { startInfrastructure } from "../src/infrastructure";
import { startMailCourier } from "../src/jobs/__tests__/mail-courier";
import type { Infrastructure } from "../src/infrastructure.types";
import { FakeOpenCloud } from "../src/integrations/open-cloud/__tests__/fake-open-cloud";
import { createLiveOpenCloud } from "../src/integrations/open-cloud/live";
import { createOpenCloudClientFactory } from "../src/integrations/open-cloud/select";
import { createLogger } from "../src/logging/logger";
import { loadMasterKey } from "../src/crypto/master-key";
import { seal } from "../src/crypto/secret-box";
import { keyPurpose } from "../src/modules/environments/environment-row";
import { readAssetMap } from "../src/modules/deployments/deploy-state";
import { runDeploymentJob } from "../src/modules/deployments/job/run-deployment-job";
import { planDeployment } from "../src/modules/deployments/plan-deployment";
import { storedFilePath } from "../src/modules/releases/stored-file";
import * as sample from "../src/modules/releases/__tests__/sample-files";
import { signUpBenchSchool } from "./bench-school";

export interface DeployBenchOptions {
	/** Assets in the planned release (1,000: a large school experience). */
	readonly assets: number;
	/** Assets of the release deployed live before the 1-changed redeploy. */
	readonly deployedAssets: number;
	readonly rounds: number;
	/** Plans (and baseline selects) timed per round. */
	readonly iterations: number;
	readonly env: NodeJS.ProcessEnv;
}

export interface DeployBenchResult {
	readonly name: "deployments";
	readonly at: string;
	readonly assets: number;
	readonly rounds: number;
	readonly iterations: number;
	/** Median over rounds of each round's median, in milliseconds. */
	readonly planMs: number;
	readonly baselineMs: number;
	/** planMs / baselineMs. */
	readonly ratio: number;
	readonly redeploy: { readonly calls: Record<string, number>; readonly totalCalls: number; readonly minimumCalls: number; readonly identicalRedeployCalls: number };
}

const API_KEY = "bench-open-cloud-key";
export const MINIMUM_REDEPLOY_CALLS = 5;

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
/** A 1 x 1 PNG (what the release file rules accept) with bytes of its own. */
const png = (seed: string) => Buffer.concat([sample.png(), Buffer.from(`bench image ${seed}`)]);
const place = (seed: string) => Buffer.concat([Buffer.from("<roblox!", "latin1"), Buffer.from([0x89, 0xff, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`bench place ${seed}`)]);

async function call(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
	const res = await fetch(`${baseUrl}${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
	const json = (await res.json()) as Record<string, unknown>;
	if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
	return json;
}

async function insertEnvironment(infra: Infrastructure, config: Config, tenantId: string, name: string, live: boolean): Promise<string> {
	const id = randomUUID();
	await withTenant(infra.db, tenantId, (t) =>
		infra.db.query(
			`INSERT INTO deployment_environments (id, tenant_id, name, universe_id, place_id, api_key_sealed, api_key_last_four, key_status) VALUES ($1, $2, $3, 1111, 2222, $4, $5, $6)`,
			{
				bind: [
					id,
					tenantId,
					name,
					live ? seal(loadMasterKey(config), API_KEY, keyPurpose(id)) : null,
					live ? API_KEY.slice(-4) : null,
					live ? JSON.stringify({ scopes: [], missingScopes: [], ownerUserId: 5150 }) : null,
				],
				transaction: t,
			},
		),
	);
	return id;
}

/** A release of these files (stored in storage and stored_files), as the releases module keeps one. */
async function insertRelease(infra: Infrastructure, tenantId: string, placeFile: Buffer, files: ReadonlyArray<{ name: string; bytes: Buffer }>): Promise<string> {
	const db = infra.db;
	for (const file of [placeFile, ...files.map((f) => f.bytes)]) await infra.storage.put(storedFilePath(tenantId, sha256(file)), file, "application/octet-stream");
	return withTenant(db, tenantId, async (t) => {
		const all = [placeFile, ...files.map((f) => f.bytes)];
		await db.query(
			"INSERT INTO stored_files (tenant_id, sha256, size, content_type) SELECT $1, s, z, 'application/octet-stream' FROM unnest($2::text[], $3::bigint[]) AS u (s, z) ON CONFLICT DO NOTHING",
			{ bind: [tenantId, all.map(sha256), all.map((b) => b.length)], transaction: t },
		);
		const [row] = await db.query<{ id: string }>(
			"INSERT INTO releases (tenant_id, number, place_sha256, place_size, place_file_name) VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM releases WHERE tenant_id = $1), $2, $3, 'ToolBoxAI.rbxl') RETURNING id",
			{ bind: [tenantId, sha256(placeFile), placeFile.length], type: QueryTypes.SELECT, transaction: t },
		);
		const releaseId = (row as { id: string }).id;
		await db.query(
			"INSERT INTO release_assets (tenant_id, release_id, name, sha256, size, asset_type) SELECT $1, $2, n, s, z, 'Image' FROM unnest($3::text[], $4::text[], $5::bigint[]) AS u (n, s, z)",
			{ bind: [tenantId, releaseId, files.map((f) => f.name), files.map((f) => sha256(f.bytes)), files.map((f) => f.bytes.length)], transaction: t },
		);
		return releaseId;
	});
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

async function timeEach(iterations: number, fn: () => Promise<unknown>): Promise<number> {
	const durations: number[] = [];
	for (let i = 0; i < iterations; i++) {
		const t0 = performance.now();
		await fn();
		durations.push(performance.now() - t0);
	}
	return median(durations);
}

function listen(server: Server): Promise<string> {
	return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** Deploys through the API (the plan's checks), then runs the job inline against the fake. */
async function deployLive(baseUrl: string, token: string, infra: Infrastructure, config: Config, fake: FakeOpenCloud, tenantId: string, releaseId: string): Promise<void> {
	const created = await call(baseUrl, "POST", "/v1/deployments", { environment: "live", releaseId }, { authorization: `Bearer ${token}` });
	const openCloudClient = createOpenCloudClientFactory({ baseUrl: fake.url, live: createLiveOpenCloud(), dryRun: infra.openCloud });
	await runDeploymentJob(
		{ config, infra: { ...infra, openCloudClient }, logger: pino({ level: "silent" }) },
		{ tenantId, deploymentId: created.id as string, attempt: 1, attempts: 1 },
	);
	const done = await call(baseUrl, "GET", `/v1/deployments/${created.id as string}`, undefined, { authorization: `Bearer ${token}` });
	if (done.status !== "succeeded") throw new Error(`bench deployment did not succeed: ${JSON.stringify(done)}`);
}

function countCalls(fake: FakeOpenCloud, from: number): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const r of fake.requests.slice(from)) {
		const key = `${r.method} ${r.path.replace(/\/\d+/g, "/{id}").replace(/operations\/[\w-]+/, "operations/{id}")}`;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

export async function runDeployBench(options: DeployBenchOptions): Promise<DeployBenchResult> {
	// No SECRETS_KEY of its own: the data dir's key file (like the other benches), so a kept bench database whose
	// signing keys were sealed by an earlier run still opens them.
	const config = loadConfig({ LOG_LEVEL: "info", NODE_ENV: "production", PUBLIC_URL: "http://localhost", ALLOW_EMBEDDED: "true", ...options.env, PORT: "0" });
	const logger = createLogger(config, pino.destination({ dest: "/dev/null", sync: false }));
	mkdirSync(config.dataDir, { recursive: true });
	const infra = await startInfrastructure(config, logger);
	const courier = await startMailCourier(infra, { logger, ...(config.redisUrl === undefined ? {} : { redisUrl: config.redisUrl }) });
	const server = createServer(createApp({ config, logger, infra: courier.infra }));
	const fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 0 }).start();
	try {
		const baseUrl = await listen(server);
		const school = await signUpBenchSchool(baseUrl, infra.db, {
			organizationName: "Bench Deploys",
			email: `bench.${randomUUID()}@school.example`,
			password: "correct horse battery staple 42",
		});
		const tenantId = school.tenantId;
		const token = school.accessToken;

		// 1. Plan time: 1,000 assets, 999 of them already in the environment's asset map.
		const environmentId = await insertEnvironment(infra, config, tenantId, "planned", false);
		const files = Array.from({ length: options.assets }, (_, i) => ({ name: `images/${i}.png`, bytes: png(`plan-${i}`) }));
		const releaseId = await insertRelease(infra, tenantId, place("plan"), files);
		await withTenant(infra.db, tenantId, (t) =>
			infra.db.query(
				"INSERT INTO environment_assets (tenant_id, environment_id, sha256, asset_type, asset_id) SELECT $1, $2, s, 'Image', (1000000 + o)::text FROM unnest($3::text[]) WITH ORDINALITY AS u (s, o)",
				{ bind: [tenantId, environmentId, files.slice(1).map((f) => sha256(f.bytes))], transaction: t },
			),
		);
		const hashes = files.map((f) => sha256(f.bytes));
		const caller = systemCaller(tenantId, "deployments-bench");
		const plan = () => planDeployment({ config, infra }, caller, { environment: "planned", releaseId });
		const baseline = () => withTenant(infra.db, tenantId, (t) => readAssetMap(infra.db as Sequelize, t, environmentId, hashes));
		const check = await plan();
		if (check.uploads.length !== 1 || check.reused.length !== options.assets - 1)
			throw new Error(`unexpected plan: ${check.uploads.length} uploads, ${check.reused.length} reused`);
		await timeEach(Math.max(3, Math.round(options.iterations / 4)), plan);
		await timeEach(Math.max(3, Math.round(options.iterations / 4)), baseline);
		const planRounds: number[] = [];
		const baselineRounds: number[] = [];
		for (let round = 0; round < options.rounds; round++) {
			baselineRounds.push(await timeEach(options.iterations, baseline));
			planRounds.push(await timeEach(options.iterations, plan));
		}
		const planMs = median(planRounds);
		const baselineMs = median(baselineRounds);

		// 2. Calls for a redeploy with 1 changed asset, after a real live deploy of the release before it.
		await insertEnvironment(infra, config, tenantId, "live", true);
		const deployed = Array.from({ length: options.deployedAssets }, (_, i) => ({ name: `images/${i}.png`, bytes: png(`live-${i}`) }));
		const livePlace = place("live");
		await deployLive(baseUrl, token, infra, config, fake, tenantId, await insertRelease(infra, tenantId, livePlace, deployed));
		const changed = [...deployed.slice(0, -1), { name: `images/${options.deployedAssets - 1}.png`, bytes: png("live-changed") }];
		const changedRelease = await insertRelease(infra, tenantId, livePlace, changed);
		const before = fake.requests.length;
		await deployLive(baseUrl, token, infra, config, fake, tenantId, changedRelease);
		const calls = countCalls(fake, before);
		const idle = fake.requests.length;
		await deployLive(baseUrl, token, infra, config, fake, tenantId, changedRelease);
		return {
			name: "deployments",
			at: new Date().toISOString(),
			assets: options.assets,
			rounds: options.rounds,
			iterations: options.iterations,
			planMs: Number(planMs.toFixed(3)),
			baselineMs: Number(baselineMs.toFixed(3)),
			ratio: Number((planMs / baselineMs).toFixed(2)),
			redeploy: { calls, totalCalls: Object.values(calls).reduce((a, b) => a + b, 0), minimumCalls: MINIMUM_REDEPLOY_CALLS, identicalRedeployCalls: fake.requests.length - idle },
		};
	} finally {
		await new Promise((resolve) => server.close(resolve));
		await fake.close();
		await courier.close();
		await infra.close();
	}
}
