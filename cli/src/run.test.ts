import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deployment, DEPLOYMENT_ID, plan, release, steps } from "./__tests__/fixtures";
import { type ScriptedReply, type SentRequest, scriptedFetch, serviceError } from "./__tests__/scripted-fetch";
import { run } from "./run";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const ENV = { TOOLBOXAI_API_KEY: "tbx_key", TOOLBOXAI_URL: "http://toolboxai.test" };

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), "tbx-cli-run-"));
	writeFileSync(path.join(dir, "Game.rbxl"), "place-bytes");
	mkdirSync(path.join(dir, "assets/images"), { recursive: true });
	writeFileSync(path.join(dir, "assets/images/logo.png"), "logo-bytes");
	writeFileSync(path.join(dir, "assets/intro.mp3"), "intro-bytes");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function runCli(argv: string[], answer: (request: SentRequest) => ScriptedReply | Error = () => new Error("no request expected"), env: NodeJS.ProcessEnv = ENV) {
	const out: string[] = [];
	const err: string[] = [];
	const { sent, fetch } = scriptedFetch(answer);
	const sleeps: number[] = [];
	const code = await run(argv, {
		stdout: { write: (t: string) => out.push(t) },
		stderr: { write: (t: string) => err.push(t) },
		env,
		fetch,
		sleep: async (ms) => void sleeps.push(ms),
	});
	return { code, stdout: out.join(""), stderr: err.join(""), sent, sleeps };
}

/** A service that declares the release (missing: the place and the logo), takes uploads, and runs the deployment through `readings`. */
function deployService(readings: ReturnType<typeof deployment>[], missingFiles = [sha("place-bytes"), sha("logo-bytes")]) {
	let reading = 0;
	return (request: SentRequest): ScriptedReply => {
		if (request.method === "POST" && request.path === "/v1/deployments/plan") return { status: 200, body: plan({ filesToSend: [sha("place-bytes"), sha("logo-bytes")] }) };
		if (request.method === "POST" && request.path === "/v1/releases") return { status: 201, body: release({ missingFiles }) };
		if (request.method === "PUT")
			return { status: 201, body: { sha256: request.path.split("/").pop(), size: request.bytes?.length ?? 1, contentType: "application/octet-stream", alreadyStored: false } };
		if (request.method === "POST" && request.path === "/v1/deployments") return { status: 202, body: readings[0] };
		if (request.method === "GET") return { status: 200, body: readings[Math.min(++reading, readings.length - 1)] };
		return serviceError(404, "not_found", "no route");
	};
}

const deployServiceFor = () => deployService([deployment({ status: "succeeded", placeVersion: 0, steps: steps("done") })], [sha("place-bytes")]);

describe("toolboxai deploy", () => {
	const running = deployment({ status: "running", steps: steps("pending", { upload_assets: { status: "running", done: 0, total: 1 } }) });
	const succeeded = deployment({ status: "succeeded", placeVersion: 0, steps: steps("done") });

	it("declares the release, uploads only the missing files, starts the deployment and follows it to success", async () => {
		const got = await runCli(
			["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl"), "--assets", path.join(dir, "assets")],
			deployService([deployment(), running, succeeded]),
		);
		expect(got.code).toBe(0);
		const calls = got.sent.map((r) => `${r.method} ${r.path}`);
		const placePut = `PUT /v1/releases/${release().id}/files/${sha("place-bytes")}`;
		const logoPut = `PUT /v1/releases/${release().id}/files/${sha("logo-bytes")}`;
		// Each step awaits the one before (plan → declare → uploads → start → follow), but the uploads run side by
		// side (bounded concurrency): their set and their place between declaring and starting are fixed, their
		// order among themselves is not, so nothing below reads them by position.
		expect(calls.filter((c) => !c.startsWith("PUT "))).toEqual([
			"POST /v1/deployments/plan",
			"POST /v1/releases",
			"POST /v1/deployments",
			`GET /v1/deployments/${DEPLOYMENT_ID}`,
			`GET /v1/deployments/${DEPLOYMENT_ID}`,
		]);
		// Only the missing files (intro.mp3 is stored already), each exactly once.
		expect(calls.filter((c) => c.startsWith("PUT ")).sort()).toEqual([placePut, logoPut].sort());
		for (const put of [placePut, logoPut]) {
			expect(calls.indexOf(put)).toBeGreaterThan(calls.indexOf("POST /v1/releases"));
			expect(calls.indexOf(put)).toBeLessThan(calls.indexOf("POST /v1/deployments"));
		}
		const sentAs = (call: string) => got.sent.find((r) => `${r.method} ${r.path}` === call);
		expect(sentAs("POST /v1/deployments/plan")?.json).toEqual({ environment: "staging", release: sentAs("POST /v1/releases")?.json });
		expect(sentAs("POST /v1/releases")?.json).toEqual({
			place: { sha256: sha("place-bytes"), size: 11, fileName: "Game.rbxl" },
			assets: [
				{ name: "images/logo.png", sha256: sha("logo-bytes"), size: 10, assetType: "Image" },
				{ name: "intro.mp3", sha256: sha("intro-bytes"), size: 11, assetType: "Audio" },
			],
		});
		for (const [put, bytes] of [
			[placePut, "place-bytes"],
			[logoPut, "logo-bytes"],
		] as const) {
			const upload = sentAs(put);
			expect(upload?.bytes?.toString()).toBe(bytes);
			expect(upload?.headers).toMatchObject({ "content-type": "application/octet-stream", "content-length": String(bytes.length), authorization: "Bearer tbx_key" });
		}
		expect(sentAs("POST /v1/deployments")?.json).toEqual({ environment: "staging", releaseId: release().id });
		expect(got.sleeps).toEqual([1000, 1000]);
		// Not a terminal: one line per change on stderr; the summary on stdout.
		expect(got.stderr).toContain("upload files to ToolBoxAI: done 2/2\n");
		expect(got.stderr).toContain("upload assets to Roblox: running 0/1\n");
		expect(got.stderr).toContain("upload assets to Roblox: done 0/0\n");
		expect(got.stdout).toBe(`Deployment ${DEPLOYMENT_ID}: succeeded, release #3 → staging (dry run)\n  place version 0\n`);
	});

	it("--json prints only the final deployment on stdout, and --force is sent", async () => {
		const got = await runCli(
			["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl"), "--json", "--force"],
			deployService([running, succeeded], [sha("place-bytes")]),
		);
		expect(got.code).toBe(0);
		expect(JSON.parse(got.stdout)).toEqual(succeeded);
		expect(got.stderr).toBe("");
		expect(got.sent.find((r) => r.path === "/v1/deployments")?.json).toEqual({ environment: "staging", releaseId: release().id, force: true });
	});

	it("stops before declaring or uploading anything when the plan has a problem no upload fixes", async () => {
		const got = await runCli(["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl"), "--json"], () => ({
			status: 200,
			body: plan({ problems: ["The environment's Open Cloud key lacks asset:write."] }),
		}));
		expect(got.code).toBe(1);
		expect(got.sent.map((r) => r.path)).toEqual(["/v1/deployments/plan"]);
		expect(JSON.parse(got.stdout)).toEqual({
			error: { code: "validation_failed", message: "The release cannot be deployed to staging: The environment's Open Cloud key lacks asset:write." },
		});
	});

	it("exits 1 when the deployment fails, naming the service's error", async () => {
		const failed = deployment({ status: "failed", steps: steps("failed"), error: { code: "open_cloud_key_rejected", message: "Roblox refused the key." } });
		const got = await runCli(["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl")], deployService([running, failed], []));
		expect(got.code).toBe(1);
		expect(got.stdout).toContain("error open_cloud_key_rejected: Roblox refused the key.");
	});

	it("exits 1 with the service's code when it refuses, as JSON with --json", async () => {
		const refuse = () => serviceError(404, "not_found", "No environment named staging.");
		const text = await runCli(["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl")], refuse);
		expect(text.code).toBe(1);
		expect(text.stderr).toContain("toolboxai: not_found: No environment named staging.\n");
		expect(text.stderr).not.toMatch(/\bat .*\(/);
		const json = await runCli(["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl"), "--json"], refuse);
		expect(json.code).toBe(1);
		expect(JSON.parse(json.stdout)).toEqual({ error: { code: "not_found", message: "No environment named staging." } });
		expect(json.stderr).toBe("");
	});

	it("--plan sends the manifest inline, uploads nothing, prints the plan, and exits 1 when it has problems", async () => {
		const ok = await runCli(["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl"), "--assets", path.join(dir, "assets"), "--plan"], () => ({
			status: 200,
			body: plan(),
		}));
		expect(ok.code).toBe(0);
		expect(ok.sent.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/deployments/plan"]);
		expect(ok.sent[0].json).toMatchObject({ environment: "staging", release: { place: { fileName: "Game.rbxl" } } });
		expect(ok.stdout).toContain("Plan for staging");
		const problems = ["The key lacks asset:write."];
		const onlyUploads = await runCli(["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl"), "--plan"], () => ({
			status: 200,
			body: plan({ filesToSend: [sha("place-bytes")] }),
		}));
		expect(onlyUploads.code).toBe(0);
		const bad = await runCli(["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl"), "--plan", "--json"], () => ({ status: 200, body: plan({ problems }) }));
		expect(bad.code).toBe(1);
		expect(JSON.parse(bad.stdout)).toEqual(plan({ problems }));
	});
});

describe("toolboxai rollback and status", () => {
	it("rollback posts the environment and follows the new deployment", async () => {
		const target = "11111111-2222-4333-8444-555555555555";
		const done = deployment({ kind: "rollback", rollbackOf: target, status: "succeeded", steps: steps("done") });
		const got = await runCli(["rollback", "--env", "staging", "--to", target, "--json"], (r) =>
			r.method === "POST" ? { status: 202, body: deployment({ kind: "rollback", rollbackOf: target }) } : { status: 200, body: done },
		);
		expect(got.code).toBe(0);
		expect(got.sent.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v1/deployments/${target}/rollback`, `GET /v1/deployments/${DEPLOYMENT_ID}`]);
		expect(got.sent[0].json).toEqual({ environment: "staging" });
		expect(JSON.parse(got.stdout)).toEqual(done);
	});

	it("status reads once: 0 for queued, running and succeeded, 1 for failed", async () => {
		for (const [status, code] of [
			["queued", 0],
			["running", 0],
			["succeeded", 0],
			["failed", 1],
		] as const) {
			const got = await runCli(["status", DEPLOYMENT_ID], () => ({ status: 200, body: deployment({ status }) }));
			expect(got.code).toBe(code);
			expect(got.sent).toHaveLength(1);
			expect(got.stdout).toContain(`Deployment ${DEPLOYMENT_ID}: ${status}`);
		}
	});
});

describe("progress on a terminal", () => {
	it("redraws one block in place on stderr, at a usual width when the terminal reports none", async () => {
		const err: string[] = [];
		const { fetch } = scriptedFetch(deployServiceFor());
		const code = await run(["deploy", "--env", "staging", "--place", path.join(dir, "Game.rbxl")], {
			stdout: { write: () => true },
			stderr: { write: (t: string) => err.push(t), isTTY: true, columns: 0 },
			env: ENV,
			fetch,
			sleep: async () => {},
		});
		expect(code).toBe(0);
		const last = err[err.length - 1];
		expect(last.startsWith("\x1b[")).toBe(true);
		expect(last).toContain("✓ hash files ");
		expect(last).toContain("✓ publish the place ");
		// Cut to 80 columns, never to nothing.
		const lines = last
			// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the cursor-up and clear codes the progress block starts with
			.replace(/^\x1b\[\d+A\r\x1b\[J/, "")
			.trimEnd()
			.split("\n");
		expect(lines).toHaveLength(10);
		for (const line of lines) expect(line.length).toBeLessThan(80);
		expect(lines[0]).toMatch(/^✓ hash files +done +1\/1$/);
	});
});

describe("usage and configuration", () => {
	it("exits 2 with the mistake, one line of usage and a suggestion; JSON on stdout only with --json", async () => {
		const text = await runCli(["deploy", "--env", "staging", "--place", "a.rbxl", "--dry-run"]);
		expect(text.code).toBe(2);
		expect(text.stderr).toBe(
			'toolboxai: Unknown option --dry-run for "deploy". Did you mean --plan?\n' +
				"Usage: toolboxai deploy --env <name> --place <file.rbxl> [--assets <dir>] [--plan] [--force] [--json]\n" +
				"Run `toolboxai help deploy` for more.\n",
		);
		expect(text.stdout).toBe("");
		const json = await runCli(["deploy", "--json", "--bogus"]);
		expect(json.code).toBe(2);
		expect(JSON.parse(json.stdout)).toEqual({ error: { code: "usage", message: 'Unknown option --bogus for "deploy".' } });
		expect(json.stderr).toBe("");
	});

	it("suggests the command meant", async () => {
		const got = await runCli(["deplyo"]);
		expect(got.code).toBe(2);
		expect(got.stderr).toBe(
			'toolboxai: Unknown command "deplyo" (deploy, rollback, status, environments or whoami). Did you mean deploy?\nUsage: toolboxai <command> [options]\nRun `toolboxai help` for the commands.\n',
		);
	});

	it("exits 2 and says how to get a key when TOOLBOXAI_API_KEY is missing, before sending anything", async () => {
		const got = await runCli(["status", DEPLOYMENT_ID], undefined, { TOOLBOXAI_URL: "http://toolboxai.test" });
		expect(got.code).toBe(2);
		expect(got.sent).toHaveLength(0);
		expect(got.stderr).toMatch(/^toolboxai: TOOLBOXAI_API_KEY is not set\./);
	});

	it("--help prints the usage on stdout and exits 0, without a key or the service", async () => {
		const got = await runCli(["--help"], undefined, {});
		expect(got.code).toBe(0);
		expect(got.stdout).toMatch(/^Usage: toolboxai <command>/);
		for (const name of ["deploy", "rollback", "status", "environments", "whoami"]) expect(got.stdout).toMatch(new RegExp(`\\n  ${name} +\\S`));
		expect(got.sent).toHaveLength(0);
	});

	it("help <command> and <command> --help print that command's usage and options", async () => {
		for (const argv of [
			["help", "deploy"],
			["deploy", "--help"],
			["deploy", "--help", "--colour"],
		]) {
			const got = await runCli(argv, undefined, {});
			expect(got.code).toBe(0);
			expect(got.stdout).toMatch(/^Usage: toolboxai deploy --env <name> --place <file\.rbxl>/);
			expect(got.stdout).toContain("--plan ");
			expect(got.stdout).not.toContain("rollback");
		}
		const json = await runCli(["help", "whoami", "--json"], undefined, {});
		expect(JSON.parse(json.stdout)).toEqual({ command: "whoami", help: expect.stringMatching(/^Usage: toolboxai whoami \[--json\]/) });
	});

	it("--version prints the CLI's version, as JSON with --json", async () => {
		const version = (JSON.parse(readFileSync(path.join(__dirname, "../package.json"), "utf8")) as { version: string }).version;
		for (const flag of ["--version", "-v", "version"]) {
			const got = await runCli([flag], undefined, {});
			expect([got.code, got.stdout]).toEqual([0, `toolboxai ${version}\n`]);
		}
		expect(JSON.parse((await runCli(["--version", "--json"], undefined, {})).stdout)).toEqual({ version });
	});
});

describe("toolboxai environments and whoami", () => {
	const environment = (name: string, mode: "live" | "dry_run", missingScopes: string[] = []) => ({
		id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
		name,
		universeId: 4815162342,
		placeId: 1623420815,
		mode,
		openCloudKey: mode === "live" ? { configured: true, lastFour: "abcd", scopes: [], missingScopes } : { configured: false, scopes: [], missingScopes: [] },
		createdAt: "2026-11-25T14:00:00.000Z",
		updatedAt: "2026-11-25T14:00:00.000Z",
	});
	const identity = (scopes: string[]) => ({
		tenant: { id: "9b2f4c1e-7a3d-4e5f-8a1b-2c3d4e5f6a7b", name: "Cedar Ridge", kind: "school" },
		apiKey: { id: "5d6e7f80-91a2-4b3c-8d4e-5f60718293a4", name: "CI deploys", prefix: "tbx_3Fq9", scopes, createdAt: "2026-11-25T13:09:16.123Z" },
	});

	it("environments lists each one on a line, and the list with --json", async () => {
		const reply = { items: [environment("live", "live", ["asset:write"]), environment("staging", "dry_run")] };
		const got = await runCli(["environments"], () => ({ status: 200, body: reply }));
		expect(got.code).toBe(0);
		expect(got.sent.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/environments"]);
		expect(got.stdout).toBe(
			"live  universe 4815162342, place 1623420815, live; its key lacks asset:write\nstaging  universe 4815162342, place 1623420815, dry run (no Open Cloud key)\n",
		);
		expect(JSON.parse((await runCli(["environments", "--json"], () => ({ status: 200, body: reply }))).stdout)).toEqual(reply);
		expect((await runCli(["environments"], () => ({ status: 200, body: { items: [] } }))).stdout).toMatch(/no environments yet/);
	});

	it("whoami names the school, the key and its scopes, and says whether it can deploy", async () => {
		const deployer = await runCli(["whoami"], () => ({ status: 200, body: identity(["deployments:write"]) }));
		expect(deployer.code).toBe(0);
		expect(deployer.sent.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/api-keys/current"]);
		expect(deployer.stdout).toBe('Key "CI deploys" (tbx_3Fq9…) of Cedar Ridge\n  scopes: deployments:write\n  service: http://toolboxai.test\n  It can deploy.\n');
		const runtime = await runCli(["whoami"], () => ({ status: 200, body: identity(["runtime:read"]) }));
		expect(runtime.stdout).toContain("It cannot deploy: it lacks the deployments:write scope.");
		expect(JSON.parse((await runCli(["whoami", "--json"], () => ({ status: 200, body: identity(["runtime:read"]) }))).stdout)).toEqual(identity(["runtime:read"]));
	});

	it("an unknown environment lists the school's environments and the nearest name", async () => {
		const service = (request: SentRequest): ScriptedReply =>
			request.path === "/v1/environments"
				? { status: 200, body: { items: [environment("live", "live"), environment("staging", "dry_run")] } }
				: serviceError(404, "not_found", 'No environment named "stagign". Create it first.');
		const got = await runCli(["deploy", "--env", "stagign", "--place", path.join(dir, "Game.rbxl")], service);
		expect(got.code).toBe(1);
		expect(got.stderr).toMatch(/toolboxai: not_found: No environment named "stagign"\. This school's environments: live, staging\. Did you mean staging\?\n$/);
		const json = await runCli(["rollback", "--env", "stagign", "--to", DEPLOYMENT_ID, "--json"], service);
		expect(JSON.parse(json.stdout).error.message).toBe('No environment named "stagign". This school\'s environments: live, staging. Did you mean staging?');
	});

	it("a 404 about something else than the environment passes through unchanged", async () => {
		const service = (request: SentRequest): ScriptedReply =>
			request.path === "/v1/environments" ? { status: 200, body: { items: [environment("staging", "dry_run")] } } : serviceError(404, "not_found", "No deployment with that id.");
		const got = await runCli(["rollback", "--env", "staging", "--to", DEPLOYMENT_ID, "--json"], service);
		expect(JSON.parse(got.stdout)).toEqual({ error: { code: "not_found", message: "No deployment with that id." } });
	});
});
