/**
 * End to end: the real `toolboxai` bin (bin/toolboxai.mjs → tsx → src/main.ts) run as a child process against the
 * real service, listening on a port (the app over the test Postgres + Redis, deploy jobs on BullMQ workers, Open
 * Cloud pointed at the local fake). A school, an API key with deployments:write and environments made through the
 * API; a place file and PNG assets on disk.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { createTestDatabase, type TestDatabase } from "../../server/src/http/__tests__/harness";
import { FakeOpenCloud } from "../../server/src/integrations/open-cloud/__tests__/fake-open-cloud";
import { API_KEY } from "../../server/src/integrations/open-cloud/__tests__/test-kit";
import { placeFile, sha256 } from "../../server/src/modules/deployments/__tests__/deploy-fixtures";
import { type DeployTestApp, startDeployTestApp } from "../../server/src/modules/deployments/__tests__/deploy-harness";
import { png } from "../../server/src/modules/releases/__tests__/sample-files";
import { bearer, createKey, type SchoolAdmin, signupSchool } from "../../server/src/modules/tenancy/__tests__/tenancy-fixtures";

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "cli/bin/toolboxai.mjs");

let database: TestDatabase;
let fake: FakeOpenCloud;
let t: DeployTestApp;
let server: Server;
let url: string;
let admin: SchoolAdmin;
let apiKey: string;
let dir: string;

interface CliRun {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs the bin with the service's address and the key (unless `env` says otherwise); never blocks the event loop (the service runs here). */
function cli(
	args: ReadonlyArray<string>,
	env: NodeJS.ProcessEnv = {},
	command: { file: string; args: string[]; cwd?: string } = { file: process.execPath, args: [BIN] },
): Promise<CliRun> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, TOOLBOXAI_URL: url, TOOLBOXAI_API_KEY: apiKey, ...env };
	for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
	return new Promise((resolve, reject) => {
		const child = spawn(command.file, [...command.args, ...args], { cwd: command.cwd ?? dir, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
		child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
	});
}

/** The exit code, with the run's output in the failure message when it is not the one expected. */
function expectExit(run: CliRun, code: number): void {
	if (run.code !== code) throw new Error(`exit ${run.code}, expected ${code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function json(run: CliRun): Record<string, unknown> {
	try {
		return JSON.parse(run.stdout) as Record<string, unknown>;
	} catch {
		throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
	}
}

/** PUTs of release files the service received since `from` (its request log lines). */
function fileUploads(from: number): string[] {
	return t.logs
		.slice(from)
		.map((line) => line.msg ?? "")
		.filter((msg) => /^PUT \/v1\/releases\/[0-9a-f-]+\/files\/[0-9a-f]{64} 20\d$/.test(msg));
}

const place = placeFile("cli");
// Real PNGs (the service checks magic bytes and the size in IHDR), each a different size so each has its own hash.
const logo = png(1, 1);
const map = png(2, 1);
const firstBadge = png(3, 1);
const secondBadge = png(4, 1);
const thirdBadge = png(5, 1);

function writeAsset(relative: string, bytes: Buffer): void {
	const file = path.join(dir, "assets", relative);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, bytes);
}

beforeAll(async () => {
	database = await createTestDatabase("cli_e2e");
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 1 }).start();
	t = await startDeployTestApp({ database, fake, pollFirstDelayMs: 20 });
	server = createServer(t.app);
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	admin = await signupSchool(t, "Cedar Ridge CLI");
	apiKey = (await createKey(t, admin.token, ["deployments:write"])).secret;
	for (const body of [
		{ name: "staging", universeId: 4815162342, placeId: 1623420815 },
		{ name: "live", universeId: 4815162343, placeId: 1623420816, openCloudApiKey: API_KEY },
	]) {
		const res = await request(t.app).post("/v1/environments").set(bearer(admin.token)).send(body);
		if (res.status !== 201) throw new Error(`createEnvironment answered ${res.status}: ${JSON.stringify(res.body)}`);
	}
	dir = mkdtempSync(path.join(tmpdir(), "tbx-cli-e2e-"));
	writeFileSync(path.join(dir, "ToolBoxAI.rbxl"), place);
	writeAsset("images/logo.png", logo);
	writeAsset("images/map.png", map);
	writeAsset("badges/badge.png", firstBadge);
});

afterAll(async () => {
	await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	await t?.close();
	await fake?.close();
	await database?.drop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const deployArgs = (env = "staging") => ["deploy", "--env", env, "--place", "ToolBoxAI.rbxl", "--assets", "assets"];

describe("toolboxai against the live service", () => {
	let firstDeployment: Record<string, unknown>;

	it("--plan --json: prints the plan for the inline manifest and uploads nothing", async () => {
		const run = await cli([...deployArgs(), "--plan", "--json"]);
		expectExit(run, 0);
		const plan = json(run);
		expect(plan).toMatchObject({ environment: "staging", mode: "dry_run", upToDate: false });
		// Nothing is on the service yet: the 4 files are what the deploy sends first, not problems, so the plan passes.
		expect(plan.problems).toEqual([]);
		expect(plan.filesToSend).toHaveLength(4);
		expect((plan.uploads as Array<{ name: string }>).map((u) => u.name).sort()).toEqual(["badges/badge.png", "images/logo.png", "images/map.png"]);
		expect(plan.publish).toMatchObject({ universeId: 4815162342, placeId: 1623420815, sha256: sha256(place), size: place.length });
		expect(run.stderr).toBe("");
		const releases = await request(t.app).get("/v1/releases").set(bearer(admin.token));
		expect(releases.status).toBe(200);
		expect(releases.body.items).toEqual([]);
	});

	it("deploy --json: declares the release, uploads every file once, and follows the dry run to success (exit 0)", async () => {
		const from = t.logs.length;
		const run = await cli([...deployArgs(), "--json"]);
		expectExit(run, 0);
		firstDeployment = json(run);
		expect(firstDeployment).toMatchObject({ environment: "staging", kind: "deploy", status: "succeeded", dryRun: true, releaseNumber: 1 });
		expect(run.stderr).toBe("");
		expect(fileUploads(from).sort()).toEqual([place, logo, map, firstBadge].map((bytes) => `PUT /v1/releases/${firstDeployment.releaseId}/files/${sha256(bytes)} 201`).sort());
		const release = await request(t.app).get(`/v1/releases/${firstDeployment.releaseId}`).set(bearer(admin.token));
		expect(release.body).toMatchObject({ status: "ready", missingFiles: [] });
	});

	it("a second deploy with one changed asset uploads only that file, and the line output shows each change", async () => {
		writeAsset("badges/badge.png", secondBadge);
		const from = t.logs.length;
		const run = await cli(deployArgs());
		expectExit(run, 0);
		const uploads = fileUploads(from);
		expect(uploads).toHaveLength(1);
		expect(uploads[0]).toMatch(new RegExp(`/files/${sha256(secondBadge)} 201$`));
		// Not a terminal: one line per change on stderr, the summary on stdout.
		expect(run.stderr).toContain("hash files: done 4/4\n");
		expect(run.stderr).toMatch(/declare the release: done \(release #2, 1 to upload\)\n/);
		expect(run.stderr).toContain("upload files to ToolBoxAI: done 1/1\n");
		expect(run.stderr).toContain("publish the place: done");
		expect(run.stdout).toMatch(/^Deployment [0-9a-f-]{36}: succeeded, release #2 → staging \(dry run\)\n/);
	});

	it("live (Open Cloud fake): after a first deploy, one changed asset is the only file sent to ToolBoxAI and to Roblox", async () => {
		const first = await cli([...deployArgs("live"), "--json"]);
		expectExit(first, 0);
		expect(json(first)).toMatchObject({ environment: "live", status: "succeeded", dryRun: false });
		expect((json(first).steps as Array<{ name: string }>).find((s) => s.name === "upload_assets")).toMatchObject({ done: 3, total: 3 });
		writeAsset("badges/badge.png", thirdBadge);
		const fromLogs = t.logs.length;
		const fromFake = fake.requests.length;
		const second = await cli([...deployArgs("live"), "--json"]);
		expectExit(second, 0);
		expect(fileUploads(fromLogs)).toEqual([`PUT /v1/releases/${json(second).releaseId}/files/${sha256(thirdBadge)} 201`]);
		expect((json(second).steps as Array<{ name: string }>).find((s) => s.name === "upload_assets")).toMatchObject({ done: 1, total: 1 });
		const created = fake.requests.slice(fromFake).filter((r) => r.method === "POST" && r.path === "/assets/v1/assets");
		expect(created).toHaveLength(1);
	});

	it("an identical redeploy says nothing changed and starts nothing; --force deploys the same release again", async () => {
		const deploymentsOf = async () =>
			(await request(t.app).get("/v1/deployments").query({ environment: "live" }).set(bearer(admin.token))).body.items as Array<Record<string, unknown>>;
		const releaseCount = async () => (await request(t.app).get("/v1/releases").set(bearer(admin.token))).body.items.length as number;
		const before = await deploymentsOf();
		const releasesBefore = await releaseCount();
		const same = await cli(deployArgs("live"));
		expectExit(same, 0);
		expect(same.stdout).toBe("Nothing changed: live already runs this release (--force deploys it again).");
		expect(await deploymentsOf()).toHaveLength(before.length);
		const forced = await cli([...deployArgs("live"), "--json", "--force"]);
		expectExit(forced, 0);
		expect(json(forced)).toMatchObject({ environment: "live", status: "succeeded", releaseId: before[0]?.releaseId, releaseNumber: before[0]?.releaseNumber });
		expect(await releaseCount()).toBe(releasesBefore);
	});

	it("status: one reading, exit 0 for a succeeded deployment, JSON with --json", async () => {
		const run = await cli(["status", String(firstDeployment.id), "--json"]);
		expectExit(run, 0);
		expect(json(run)).toMatchObject({ id: firstDeployment.id, status: "succeeded", releaseNumber: 1 });
		const text = await cli(["status", String(firstDeployment.id)]);
		expectExit(text, 0);
		expect(text.stdout).toContain(`Deployment ${firstDeployment.id}: succeeded, release #1 → staging (dry run)`);
		expect(text.stdout).toContain("  publish the place: done");
	});

	it("rollback: redeploys the first release as a new deployment and follows it (exit 0)", async () => {
		const run = await cli(["rollback", "--env", "staging", "--to", String(firstDeployment.id), "--json"]);
		expectExit(run, 0);
		expect(json(run)).toMatchObject({ kind: "rollback", rollbackOf: firstDeployment.id, releaseId: firstDeployment.releaseId, status: "succeeded", environment: "staging" });
	});

	it("a deployment that fails (Roblox: place open in Team Create) exits 1, and so does its status", async () => {
		fake.inject(/^POST \/universes\/v1\/\d+\/places\/\d+\/versions$/, {
			status: 409,
			body: JSON.stringify({ errors: [{ code: 409, message: "Place is currently open in Team Create." }] }),
		});
		// --force: the environment already runs this release, and an up-to-date deploy would publish nothing.
		const run = await cli([...deployArgs("live"), "--json", "--force"]);
		expectExit(run, 1);
		const failed = json(run);
		expect(failed).toMatchObject({ environment: "live", status: "failed", dryRun: false });
		expect((failed.error as { message: string }).message).toContain("Team Create");
		const text = await cli(["status", String(failed.id)]);
		expectExit(text, 1);
		expect(text.stdout).toContain(`Deployment ${failed.id}: failed`);
	});

	it("a refusal by the service exits 1 with its code and message, never a stack trace", async () => {
		const unknown = await cli([...deployArgs("nowhere"), "--json"]);
		expectExit(unknown, 1);
		expect(json(unknown)).toEqual({ error: { code: "not_found", message: expect.any(String) } });
		const text = await cli(deployArgs("stagin"));
		expectExit(text, 1);
		// The key lists the school's environments, so the refusal names them and the nearest one.
		expect(text.stderr).toMatch(/\ntoolboxai: not_found: No environment named "stagin"\. This school's environments: live, staging\. Did you mean staging\?\n$/);
		// The plan comes first: nothing was declared or uploaded for an environment that does not exist.
		expect(text.stderr).not.toContain("declare the release");
		const readOnly = (await createKey(t, admin.token, ["runtime:read"])).secret;
		const refused = await cli(["status", String(firstDeployment.id), "--json"], { TOOLBOXAI_API_KEY: readOnly });
		expectExit(refused, 1);
		expect((json(refused).error as { code: string }).code).toBe("forbidden");
		for (const run of [unknown, text, refused]) expect(`${run.stdout}${run.stderr}`).not.toMatch(/\bat .+:\d+:\d+\)?$/m);
	});

	it("bad usage exits 2 with the usage text; a missing TOOLBOXAI_API_KEY exits 2 saying how to get one", async () => {
		const bad = await cli(["deploy", "--env", "staging", "--place", "ToolBoxAI.rbxl", "--dry-run"]);
		expectExit(bad, 2);
		expect(bad.stderr).toBe(
			'toolboxai: Unknown option --dry-run for "deploy". Did you mean --plan?\n' +
				"Usage: toolboxai deploy --env <name> --place <file.rbxl> [--assets <dir>] [--plan] [--force] [--json]\n" +
				"Run `toolboxai help deploy` for more.\n",
		);
		const unknownAsset = path.join("assets", "notes.txt");
		writeFileSync(path.join(dir, unknownAsset), "not an asset");
		try {
			const asset = await cli([...deployArgs(), "--json"]);
			expectExit(asset, 2);
			expect(json(asset)).toEqual({ error: { code: "usage", message: expect.stringContaining(`Unknown asset type: ${unknownAsset}`) } });
		} finally {
			rmSync(path.join(dir, unknownAsset));
		}
		const noKey = await cli(["status", String(firstDeployment.id)], { TOOLBOXAI_API_KEY: undefined });
		expectExit(noKey, 2);
		expect(noKey.stderr).toMatch(/^toolboxai: TOOLBOXAI_API_KEY is not set\. Make an API key with the deployments:write scope/);
	});

	it("environments and whoami work with the deployments key", async () => {
		const list = await cli(["environments"]);
		expectExit(list, 0);
		expect(list.stdout).toBe("live  universe 4815162343, place 1623420816, live\nstaging  universe 4815162342, place 1623420815, dry run (no Open Cloud key)\n");
		expect((json(await cli(["environments", "--json"])).items as Array<{ name: string }>).map((e) => e.name)).toEqual(["live", "staging"]);
		const me = await cli(["whoami"]);
		expectExit(me, 0);
		const prefix = /\((tbx_[^…]+)…\)/.exec(me.stdout)?.[1] ?? "";
		expect(apiKey.startsWith(prefix) && prefix.length > 4).toBe(true);
		expect(me.stdout).toBe(`Key "Test experience" (${prefix}…) of Cedar Ridge CLI\n  scopes: deployments:write\n  service: ${url}\n  It can deploy.\n`);
		expect(json(await cli(["whoami", "--json"]))).toMatchObject({ tenant: { id: admin.tenantId, name: "Cedar Ridge CLI" }, apiKey: { scopes: ["deployments:write"] } });
		const readOnly = (await createKey(t, admin.token, ["runtime:read"])).secret;
		expect((await cli(["whoami"], { TOOLBOXAI_API_KEY: readOnly })).stdout).toContain("It cannot deploy: it lacks the deployments:write scope.");
	});

	it("--version and help need no key and no service", async () => {
		const version = await cli(["--version"], { TOOLBOXAI_API_KEY: undefined, TOOLBOXAI_URL: "http://127.0.0.1:1" });
		expectExit(version, 0);
		expect(version.stdout).toMatch(/^toolboxai \d+\.\d+\.\d+\n$/);
		const help = await cli(["help", "rollback"], { TOOLBOXAI_API_KEY: undefined });
		expectExit(help, 0);
		expect(help.stdout).toMatch(/^Usage: toolboxai rollback --env <name> --to <deploymentId> \[--json\]\n/);
	});

	it("npx toolboxai works from the repository root with no build step", async () => {
		const run = await cli(["status", String(firstDeployment.id), "--json"], {}, { file: "npx", args: ["--no-install", "toolboxai"], cwd: ROOT });
		expectExit(run, 0);
		expect(json(run)).toMatchObject({ id: firstDeployment.id });
	});
});
