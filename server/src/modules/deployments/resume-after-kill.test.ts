/**
 * A deploy interrupted by a killed process resumes where it stopped without uploading anything twice. The service
 * runs as a child process (main.ts, real Postgres and Redis); the Open Cloud fake runs here and stops answering
 * asset creates after the fifth, so the kill lands while the upload step is mid-way with creates in flight. The
 * child is SIGKILLed (no shutdown of any kind), a new one is started, and the deployment finishes there: each file
 * was created exactly once. Once with BullMQ, once with the in-process queue (which loses the job with the process).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { FakeOpenCloud, parseMultipart } from "../../integrations/open-cloud/__tests__/fake-open-cloud";
import { API_KEY } from "../../integrations/open-cloud/__tests__/test-kit";
import { createKey, signupSchool, systemQuery, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { images, insertEnvironment, insertRelease, placeFile, sha256 } from "./__tests__/deploy-fixtures";

const REPO_ROOT = path.resolve(__dirname, "../../../..");
jest.setTimeout(150_000);

interface Child {
	readonly process: ChildProcessWithoutNullStreams;
	readonly port: Promise<number>;
	readonly exited: Promise<number | null>;
	readonly output: () => string;
}

function startService(env: NodeJS.ProcessEnv): Child {
	const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "server/src/main.ts"], {
		cwd: REPO_ROOT,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
	});
	let output = "";
	let resolvePort: (port: number) => void = () => undefined;
	const port = new Promise<number>((resolve) => (resolvePort = resolve));
	child.stdout.on("data", (chunk: Buffer) => {
		output += chunk.toString("utf8");
		const match = /"port":(\d+)[^\n]*ToolBoxAI server listening/.exec(output) ?? /ToolBoxAI server listening[^\n]*"port":(\d+)/.exec(output);
		if (match !== null) resolvePort(Number(match[1]));
	});
	child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
	const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
	return { process: child, port, exited, output: () => output };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, child?: Child): Promise<T> {
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (child !== undefined && child.process.exitCode !== null) throw new Error(`the service exited while waiting for ${what}: ${child.output().slice(-2000)}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

let database: TestDatabase;
let dataDir: string;
let fake: FakeOpenCloud;
let seeder: TestApp;
let admin: SchoolAdmin;
const children: Child[] = [];
const SECRETS_KEY = randomBytes(32).toString("base64");

beforeAll(async () => {
	database = await createTestDatabase("deploy_resume");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-resume-"));
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 0 }).start();
	// Seeds through the real app on the same database, data dir and secrets key as the children (not running jobs).
	seeder = await startTestApp({ database, env: { DATA_DIR: dataDir, SECRETS_KEY, LOG_LEVEL: "warn" } });
	admin = await signupSchool(seeder, "Aspen Ridge");
});

afterAll(async () => {
	for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL");
	await Promise.all(children.map((child) => child.exited));
	await seeder?.close();
	await fake?.close();
	await database?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

/** BullMQ may keep a killed process's job; the in-process queue loses it: both must resume through the lease. */
it.each([
	["BullMQ (Redis)", `${process.env.TEST_REDIS_URL}/7`],
	["the in-process queue", undefined],
] as const)("resumes after SIGKILL mid-upload with %s: the deployment finishes and every file was created exactly once", async (_driver, redisUrl) => {
	fake.requests.length = 0;
	const envName = redisUrl === undefined ? "embedded-queue" : "production";
	const env = {
		NODE_ENV: "test",
		PORT: "0",
		HOST: "127.0.0.1",
		LOG_LEVEL: "info",
		DATA_DIR: dataDir,
		DATABASE_URL: database.url,
		// A Redis database of its own: another suite's service would otherwise share the default queue prefix.
		...(redisUrl === undefined ? {} : { REDIS_URL: redisUrl }),
		SECRETS_KEY,
		ROBLOX_OPEN_CLOUD_URL: fake.url,
	};
	await insertEnvironment(seeder, admin.tenantId, { name: envName, apiKey: API_KEY, ownerUserId: 424242, universeId: 55501, placeId: redisUrl === undefined ? 55503 : 55502 });
	const assets = images(12, envName);
	const release = await insertRelease(seeder, admin.tenantId, { place: placeFile(envName), assets });
	fake.holdCreatesAfter(5);

	const first = startService(env);
	children.push(first);
	const port = await first.port;
	const res = await fetch(`http://127.0.0.1:${port}/v1/deployments`, {
		method: "POST",
		// CI's credential (a key with deployments:write): unlike a token, it does not depend on the issuing instance's URL.
		headers: { "Content-Type": "application/json", "X-Api-Key": (await createKey(seeder, admin.token, ["deployments:write"])).secret },
		body: JSON.stringify({ environment: envName, releaseId: release.id }),
	});
	expect(res.status).toBe(202);
	const deploymentId = ((await res.json()) as { id: string }).id;

	// Five creates answered and recorded (operation ids written), the next ones in flight without an answer.
	await until(
		"five recorded uploads",
		async () => {
			const [row] = await systemQuery<{ n: number }>(seeder, "SELECT count(*)::int AS n FROM deployment_assets WHERE deployment_id = $1 AND operation_id IS NOT NULL", [
				deploymentId,
			]);
			const inFlight = fake.requests.filter((r) => r.path === "/assets/v1/assets" && r.status === 0).length;
			return row?.n === 5 && inFlight > 0 ? true : undefined;
		},
		first,
	);
	first.process.kill("SIGKILL");
	await first.exited;
	const [mid] = await systemQuery<{ status: string }>(seeder, "SELECT status FROM deployments WHERE id = $1", [deploymentId]);
	expect(mid?.status).toBe("running");
	fake.releaseCreates();

	const second = startService(env);
	children.push(second);
	await second.port;
	const finished = await until(
		"the deployment to finish",
		async () => {
			const [row] = await systemQuery<{ status: string; place_version: number | null }>(seeder, "SELECT status, place_version FROM deployments WHERE id = $1", [deploymentId]);
			return row?.status === "succeeded" || row?.status === "failed" ? row : undefined;
		},
		second,
	);
	expect(finished.status).toBe("succeeded");
	expect(finished.place_version).toBe(1);
	// The sweep handed it on once the dead runner's lease expired (BullMQ's own stall check comes later).
	expect(second.output()).toContain("resuming deployments whose runner stopped");

	const created = fake.answeredCreates().map((r) => {
		const parts = parseMultipart(r.body, r.headers["content-type"]);
		if (typeof parts === "string") throw new Error(parts);
		return sha256(parts.find((p) => p.name === "fileContent")?.body ?? Buffer.alloc(0));
	});
	expect(created).toHaveLength(12);
	expect([...created].sort()).toEqual(assets.map((a) => sha256(a.bytes)).sort());
	const steps = await systemQuery<{ name: string; status: string; done: number; total: number }>(
		seeder,
		"SELECT name, status, done, total FROM deployment_steps WHERE deployment_id = $1 ORDER BY position",
		[deploymentId],
	);
	expect(steps.map((s) => [s.name, s.status, s.done, s.total])).toEqual([
		["upload_assets", "done", 12, 12],
		["wait_for_assets", "done", 12, 12],
		["publish_place", "done", 1, 1],
		["push_content", "done", 1, 1],
		["message_servers", "done", 1, 1],
	]);
	expect(fake.requests.filter((r) => r.path.includes("/places/")).length).toBe(1);
	const [map] = await systemQuery<{ n: number }>(
		seeder,
		"SELECT count(*)::int AS n FROM environment_assets e JOIN deployment_environments d ON d.id = e.environment_id WHERE d.name = $1",
		[envName],
	);
	expect(map?.n).toBe(12);
	second.process.kill("SIGTERM");
	expect(await second.exited).toBe(0);
});
