/**
 * The web/worker split as an operator runs it: one ROLE=web and two ROLE=worker processes (main.ts as child
 * processes) on one Postgres and one Redis. Deployments started on the web process run on the workers, each job
 * once; the workers' progress events reach a stream open on the web process through the Redis event bus; every
 * process answers its probes and shuts down cleanly on SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { schoolChannel } from "@toolboxai/shared";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "./http/__tests__/harness";
import { FakeOpenCloud } from "./integrations/open-cloud/__tests__/fake-open-cloud";
import { API_KEY } from "./integrations/open-cloud/__tests__/test-kit";
import { images, insertEnvironment, insertRelease, placeFile } from "./modules/deployments/__tests__/deploy-fixtures";
import { openStream } from "./modules/realtime/__tests__/sse-client";
import { bearer, createKey, signupSchool, systemQuery, type SchoolAdmin } from "./modules/tenancy/__tests__/tenancy-fixtures";

const REPO_ROOT = path.resolve(__dirname, "../..");
const PUBLIC_URL = "http://toolboxai.roles.test";
const SECRETS_KEY = randomBytes(32).toString("base64");
const DEPLOYMENTS = 3;
jest.setTimeout(120_000);

type LogLine = Record<string, unknown>;

interface Child {
	readonly name: string;
	readonly process: ChildProcessWithoutNullStreams;
	readonly lines: LogLine[];
	readonly exited: Promise<number | null>;
	/** The first log line matching (bounded; rejects when the process exits first). */
	waitFor(what: string, predicate: (line: LogLine) => boolean): Promise<LogLine>;
}

function startRole(name: string, env: NodeJS.ProcessEnv): Child {
	const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "server/src/main.ts"], {
		cwd: REPO_ROOT,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
	});
	const lines: LogLine[] = [];
	let buffered = "";
	let stderr = "";
	child.stdout.on("data", (chunk: Buffer) => {
		buffered += chunk.toString("utf8");
		for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n")) {
			const text = buffered.slice(0, newline).trim();
			buffered = buffered.slice(newline + 1);
			if (text !== "") lines.push(JSON.parse(text) as LogLine);
		}
	});
	child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
	const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
	return {
		name,
		process: child,
		lines,
		exited,
		waitFor: (what, predicate) =>
			until(`${name}: ${what}`, async () => {
				if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) while waiting for ${what}; stderr: ${stderr}`);
				return lines.find(predicate);
			}),
	};
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, boundMs = 60_000): Promise<T> {
	const deadline = Date.now() + boundMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

const message = (text: string) => (line: LogLine) => typeof line.msg === "string" && line.msg.startsWith(text);

async function metricsPort(child: Child): Promise<number> {
	return Number((await child.waitFor("the metrics listener", message("metrics on http://"))).port);
}

/** Sum of one counter's samples whose labels include all of `labels`. */
async function counterSum(port: number, family: string, labels: Record<string, string>): Promise<number> {
	const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
	let sum = 0;
	for (const line of text.split("\n")) {
		if (!line.startsWith(`${family}{`)) continue;
		if (Object.entries(labels).every(([name, value]) => line.includes(`${name}="${value}"`))) sum += Number(line.split(" ").at(-1));
	}
	return sum;
}

let database: TestDatabase;
let dataDir: string;
let fake: FakeOpenCloud;
let seeder: TestApp;
let admin: SchoolAdmin;
const children: Child[] = [];

beforeAll(async () => {
	database = await createTestDatabase("process_roles");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-roles-"));
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 0 }).start();
	// Seeds through the real app on the same database, files and keys as the children (it runs none of their jobs).
	seeder = await startTestApp({ database, env: { DATA_DIR: dataDir, SECRETS_KEY, PUBLIC_URL, LOG_LEVEL: "warn" } });
	admin = await signupSchool(seeder, "Birch Hollow");
});

afterAll(async () => {
	for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL");
	await Promise.all(children.map((child) => child.exited));
	await seeder?.close();
	await fake?.close();
	await database?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

it("one web and two workers on one Redis: each job runs once on a worker, worker events reach the web's streams, all stop cleanly", async () => {
	const common = {
		NODE_ENV: "test",
		HOST: "127.0.0.1",
		PUBLIC_URL,
		DATA_DIR: dataDir,
		DATABASE_URL: database.url,
		// A Redis database of its own: other suites' services use the default key prefix too.
		REDIS_URL: `${process.env.TEST_REDIS_URL}/8`,
		SECRETS_KEY,
		ROBLOX_OPEN_CLOUD_URL: fake.url,
		METRICS_PORT: "0",
		SHUTDOWN_TIMEOUT_MS: "8000",
	};
	const web = startRole("web", { ...common, ROLE: "web", PORT: "0", LOG_LEVEL: "info" });
	const workers = [1, 2].map((n) => startRole(`worker ${n}`, { ...common, ROLE: "worker", LOG_LEVEL: "debug" }));
	children.push(web, ...workers);
	const webPort = Number((await web.waitFor("listening", message("ToolBoxAI server listening on"))).port);
	const webMetrics = await metricsPort(web);
	const workerMetrics = await Promise.all(workers.map(metricsPort));
	for (const worker of workers) {
		const running = await worker.waitFor("running", message("ToolBoxAI worker running"));
		expect(running.role).toBe("worker");
	}

	// The web process serves the API; the workers serve only their probes and metrics.
	expect((await fetch(`http://127.0.0.1:${webPort}/readyz`)).status).toBe(200);
	for (const port of workerMetrics) {
		expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: "ok" });
		expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({ status: "ok", checks: { database: "ok", queue: "ok" } });
		expect((await fetch(`http://127.0.0.1:${port}/v1/deployments`)).status).toBe(404);
	}

	const stream = await openStream(`http://127.0.0.1:${webPort}`, `/v1/events?channels=${encodeURIComponent(schoolChannel(admin.tenantId))}`, bearer(admin.token));
	expect(stream.status).toBe(200);

	const key = (await createKey(seeder, admin.token, ["deployments:write"])).secret;
	const deploymentIds: string[] = [];
	for (let n = 1; n <= DEPLOYMENTS; n++) {
		const envName = `roles-${n}`;
		await insertEnvironment(seeder, admin.tenantId, { name: envName, apiKey: API_KEY, ownerUserId: 424242, universeId: 66600 + n, placeId: 66700 + n });
		const release = await insertRelease(seeder, admin.tenantId, { place: placeFile(envName), assets: images(2, envName) });
		const res = await fetch(`http://127.0.0.1:${webPort}/v1/deployments`, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-Api-Key": key },
			body: JSON.stringify({ environment: envName, releaseId: release.id }),
		});
		expect(res.status).toBe(202);
		deploymentIds.push(((await res.json()) as { id: string }).id);
	}

	const finished = await until("every deployment to finish", async () => {
		const rows = await systemQuery<{ id: string; status: string }>(seeder, "SELECT id, status FROM deployments WHERE id = ANY($1::uuid[])", [deploymentIds]);
		return rows.length === DEPLOYMENTS && rows.every((row) => row.status === "succeeded" || row.status === "failed") ? rows : undefined;
	});
	expect(finished.map((row) => row.status)).toEqual(Array(DEPLOYMENTS).fill("succeeded"));

	// Published by a worker, heard by the web process's stream through Redis.
	for (const id of deploymentIds) {
		await stream.waitFor(
			(event) =>
				event.event === "deployment.updated" &&
				(event.data.data as { deploymentId?: string; status?: string }).deploymentId === id &&
				(event.data.data as { status?: string }).status === "succeeded",
		);
	}
	stream.close();

	// Each job id ran exactly once, on one worker; the web process ran none.
	const attempts = workers.flatMap((worker) =>
		worker.lines.filter(message("job attempt finished")).map((line) => ({ worker: worker.name, job: line.job, jobId: String(line.jobId), outcome: line.outcome })),
	);
	const deploymentRuns = attempts.filter((attempt) => attempt.job === "deployment.run");
	expect(deploymentRuns.length).toBeGreaterThanOrEqual(DEPLOYMENTS);
	for (const attempt of attempts) expect(attempt.outcome).toBe("done");
	const jobIds = attempts.map((attempt) => attempt.jobId);
	expect(new Set(jobIds).size).toBe(jobIds.length);
	expect(web.lines.filter(message("job attempt finished"))).toEqual([]);
	// The metrics agree: every deployment.run completion was counted by a worker, none by the web process.
	const completed = await Promise.all(workerMetrics.map((port) => counterSum(port, "toolboxai_jobs_finished_total", { job_name: "deployment.run", outcome: "completed" })));
	expect(completed.reduce((a, b) => a + b, 0)).toBe(deploymentRuns.length);
	expect(await counterSum(webMetrics, "toolboxai_jobs_finished_total", {})).toBe(0);
	expect(await counterSum(webMetrics, "toolboxai_jobs_queued_total", { job_name: "deployment.run" })).toBeGreaterThanOrEqual(DEPLOYMENTS);
	// And the work itself happened once per deployment: one place publish each.
	expect(fake.requests.filter((r) => r.path.includes("/places/")).length).toBe(DEPLOYMENTS);

	for (const child of [web, ...workers]) child.process.kill("SIGTERM");
	expect(await Promise.all(children.map((child) => child.exited))).toEqual([0, 0, 0]);
	for (const worker of workers) {
		expect(worker.lines.some(message("shutdown: SIGTERM received; no new jobs"))).toBe(true);
		expect(worker.lines.some(message("shutdown: complete"))).toBe(true);
	}
	expect(web.lines.some(message("shutdown: complete"))).toBe(true);
});
