/**
 * End to end, Roblox side: the compiled plugin and game code, running under Lune, talk over real HTTP to
 *   - the real ToolBoxAI service (`npm start` from the repository root, on a free port, throwaway DATA_DIR;
 *     Postgres and Redis from .tmp/test-env.sh when set, else the embedded default);
 *   - a stand-in for a FUTURE server that answers /v1/meta with protocol 2.0.0 (the real service cannot be
 *     told to lie about its version, and a mismatching server is what the clients must refuse);
 *   - a plain web server that answers every path with an HTML 404 (not a ToolBoxAI server);
 *   - a closed port (server down);
 *   - a mailbox that hands the specs the sign-up links the service prints (mailbox.ts);
 *   - a switchable proxy in front of the real service that starts DOWN (its port refuses connections) and that the
 *     specs bring up (and down) through a control server: a game server that starts while the service is down.
 * Then it runs the Jest Lua end-to-end specs (tests/e2e/specs, TestService.E2E in the test place; each
 * `*.alone.spec` in a Lune process of its own, as it runs a whole game server whose threads and remotes would
 * meet the other specs'), and the entry-script checks (tests/e2e/entries.luau). Exit code: non-zero when anything fails.
 *
 *   npx tsx tests/e2e/run.ts [build/test.rbxl]     (tests/env/test-roblox.sh builds the place first)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "pg";
import { seedDeploySchool } from "./deploy-seed";
import { mailboxServer, waitForSignupToken } from "./mailbox";

const ROOT = resolve(__dirname, "../..");
const PLACE = resolve(ROOT, process.argv[2] ?? "build/test.rbxl");
const LUNE = process.env.LUNE ?? "lune";
const STARTUP_TIMEOUT_MS = 90_000;
/** Specs named `<name>.alone.spec.luau` run one per Lune process. */
const ALONE_PATTERN = "\\.alone\\.spec";

function aloneSpecs(): string[] {
	return readdirSync(resolve(ROOT, "tests/e2e/specs"))
		.filter((file) => file.endsWith(".alone.spec.luau"))
		.map((file) => file.replace(/\.luau$/, ""))
		.sort();
}

function log(message: string): void {
	process.stdout.write(`e2e: ${message}\n`);
}

/** A port nothing listens on right now (asked from the OS, then released). */
function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const probe = createNetServer();
		probe.once("error", fail);
		probe.listen(0, "127.0.0.1", () => {
			const address = probe.address();
			const port = typeof address === "object" && address ? address.port : 0;
			probe.close(() => done(port));
		});
	});
}

function listen(server: Server): Promise<string> {
	return new Promise((done, fail) => {
		server.once("error", fail);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			done(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
		});
	});
}

/** Lune's HTTP client sends an absolute URL as the request target; take the path from either form. */
function pathOf(target: string | undefined): string {
	return new URL(target ?? "/", "http://localhost").pathname;
}

function futureServer(): Server {
	return createServer((req, res) => {
		if (req.method === "GET" && pathOf(req.url) === "/v1/meta") {
			const body = JSON.stringify({ protocolVersion: "2.0.0", serverVersion: "9.0.0", serverTime: new Date().toISOString() });
			res.writeHead(200, { "content-type": "application/json", "x-toolboxai-protocol": "2.0.0" }).end(body);
			return;
		}
		res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: "No route", requestId: "future" } }));
	});
}

function htmlServer(): Server {
	return createServer((_req, res) => {
		res.writeHead(404, "Not Found", { "content-type": "text/html" }).end("<!doctype html><title>404</title><h1>Not Found</h1>");
	});
}

/**
 * A proxy to `target` whose port refuses connections while it is down (it starts down), switched by POST /down and
 * POST /up on a separate control server. Lune's client sends an absolute URL as the target and a Host without the
 * port, so the forwarded request is rebuilt from the path and the target's own host.
 */
async function switchableProxy(target: string): Promise<{ url: string; control: string; close: () => Promise<void> }> {
	const upstream = new URL(target);
	const proxy = createServer((req, res) => {
		const incoming = new URL(req.url ?? "/", "http://localhost");
		const headers = { ...req.headers, host: upstream.host };
		const forward = httpRequest({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: `${incoming.pathname}${incoming.search}`, headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		forward.on("error", () => res.writeHead(502, { "content-type": "text/plain" }).end("proxy: upstream failed"));
		req.pipe(forward);
	});
	const port = await freePort();
	let up = false;
	const setUp = (wanted: boolean) =>
		new Promise<void>((done, fail) => {
			if (wanted === up) return done();
			up = wanted;
			if (wanted) {
				proxy.once("error", fail);
				proxy.listen(port, "127.0.0.1", () => done());
			} else {
				proxy.close(() => done());
				proxy.closeAllConnections();
			}
		});
	const control = createServer((req, res) => {
		const path = pathOf(req.url);
		if (req.method === "POST" && (path === "/up" || path === "/down")) {
			setUp(path === "/up").then(
				() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ up })),
				(error: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(error.message),
			);
			return;
		}
		res.writeHead(404).end();
	});
	const controlUrl = await listen(control);
	return {
		url: `http://127.0.0.1:${port}`,
		control: controlUrl,
		close: async () => {
			await setUp(false);
			await new Promise<void>((done) => control.close(() => done()));
		},
	};
}

/** Settings from tests/env/services.sh (TEST_DATABASE_URL etc.), when it ran. */
function testServices(): Record<string, string> {
	const file = process.env.TOOLBOXAI_TEST_ENV_FILE ?? join(ROOT, ".tmp/test-env.sh");
	const env: Record<string, string> = {};
	for (const key of ["TEST_DATABASE_URL", "TEST_DATABASE_ADMIN_URL", "TEST_REDIS_URL"]) {
		if (process.env[key]) env[key] = process.env[key] as string;
	}
	if (existsSync(file)) {
		for (const line of readFileSync(file, "utf8").split("\n")) {
			const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
			if (match && !env[match[1]]) env[match[1]] = match[2].replace(/^['"]|['"]$/g, "");
		}
	}
	return env;
}

/** A database of its own on the test Postgres, so the service's migrations start from nothing. */
async function createDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `toolboxai_e2e_${process.pid}_${Date.now()}`;
	const admin = new Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const client = new Client({ connectionString: adminUrl });
			await client.connect();
			await client.query(`drop database if exists ${name} with (force)`);
			await client.end();
		},
	};
}

/** The service's output is kept in memory and written to `logFile` only when the run fails. */
function startService(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; saveLog: (logFile: string) => void } {
	// Own process group, so stopping it also stops npm's children (sh, tsx, node).
	const child = spawn("npm", ["start"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
	const chunks: Buffer[] = [];
	child.stdout?.on("data", (c: Buffer) => chunks.push(c));
	child.stderr?.on("data", (c: Buffer) => chunks.push(c));
	return { child, output: () => Buffer.concat(chunks).toString("utf8"), saveLog: (logFile) => writeFileSync(logFile, Buffer.concat(chunks)) };
}

async function stopService(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.pid === undefined) return;
	const exited = new Promise<void>((done) => child.once("exit", () => done()));
	process.kill(-child.pid, "SIGTERM");
	const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 15_000);
	await exited;
	clearTimeout(timer);
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
	const deadline = Date.now() + STARTUP_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode} before it was healthy`);
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`the service did not answer ${url}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
	return new Promise((done) => {
		const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
		child.on("error", (error) => {
			log(`cannot run ${command}: ${error.message}`);
			done(127);
		});
		child.on("exit", (code, signal) => done(code ?? (signal ? 1 : 0)));
	});
}

async function main(): Promise<number> {
	if (!existsSync(PLACE)) {
		log(`${PLACE} is missing: build it with tests/env/test-roblox.sh (or rojo build tests/lune/test.project.json -o build/test.rbxl)`);
		return 1;
	}
	const cleanups: Array<() => Promise<void> | void> = [];
	try {
		const dataDir = mkdtempSync(join(tmpdir(), "toolboxai-e2e-"));
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

		const services = testServices();
		// info: the outbox driver prints each mail's links at info, and the specs' sign-ups read them (mailbox.ts).
		const serviceEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, HOST: "127.0.0.1", LOG_LEVEL: "info" };
		delete serviceEnv.DATABASE_URL;
		delete serviceEnv.REDIS_URL;
		if (services.TEST_DATABASE_ADMIN_URL) {
			const db = await createDatabase(services.TEST_DATABASE_ADMIN_URL);
			cleanups.push(db.drop);
			serviceEnv.DATABASE_URL = db.url;
		}
		if (services.TEST_REDIS_URL) serviceEnv.REDIS_URL = services.TEST_REDIS_URL;
		log(`service on ${serviceEnv.DATABASE_URL ? "the test Postgres" : "embedded Postgres"}, ${serviceEnv.REDIS_URL ? "the test Redis" : "in-process jobs"}`);

		const port = await freePort();
		serviceEnv.PORT = String(port);
		const serverUrl = `http://127.0.0.1:${port}`;
		// Links the service hands out (device sign-in URL) point at where the specs reach it.
		serviceEnv.PUBLIC_URL = serverUrl;
		const logFile = join(tmpdir(), `toolboxai-e2e-service-${process.pid}.log`);
		const { child: service, output, saveLog } = startService(serviceEnv);
		cleanups.push(() => stopService(service));
		const started = Date.now();
		try {
			await waitForHealth(serverUrl, service);
		} catch (error) {
			await stopService(service);
			saveLog(logFile);
			log(`${(error as Error).message}; its output is in ${logFile}`);
			return 1;
		}
		log(`service healthy at ${serverUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

		const future = futureServer();
		const html = htmlServer();
		const mailbox = mailboxServer(output);
		cleanups.push(() => new Promise<void>((done) => future.close(() => done())));
		cleanups.push(() => new Promise<void>((done) => html.close(() => done())));
		cleanups.push(() => new Promise<void>((done) => mailbox.close(() => done())));
		const switchable = await switchableProxy(serverUrl);
		cleanups.push(switchable.close);
		const env: NodeJS.ProcessEnv = {
			...process.env,
			TOOLBOXAI_E2E_SERVER_URL: serverUrl,
			TOOLBOXAI_E2E_FUTURE_URL: await listen(future),
			TOOLBOXAI_E2E_HTML_URL: await listen(html),
			TOOLBOXAI_E2E_DOWN_URL: `http://127.0.0.1:${await freePort()}`,
			// Sign-up links, read from the service's output (specs/school.luau).
			TOOLBOXAI_E2E_MAILBOX_URL: await listen(mailbox),
			TOOLBOXAI_E2E_SWITCH_URL: switchable.url,
			TOOLBOXAI_E2E_SWITCH_CONTROL_URL: switchable.control,
			// The plugin's Deploy view: a school with a dry-run environment and a ready release, made over the API.
			...(await seedDeploySchool(serverUrl, (email) => waitForSignupToken(output, email))),
		};

		log("Jest Lua end-to-end specs (TestService.E2E)");
		let specs = await run(LUNE, ["run", "tests/lune/run-specs.luau", PLACE, "--e2e", "--skip", ALONE_PATTERN], env);
		for (const alone of aloneSpecs()) {
			log(`Jest Lua end-to-end spec ${alone} (a Lune process of its own)`);
			const code = await run(LUNE, ["run", "tests/lune/run-specs.luau", PLACE, "--e2e", "--only", alone], env);
			if (specs === 0) specs = code;
		}
		log("entry scripts (game server script, Studio plugin)");
		const entries = await run(LUNE, ["run", "tests/e2e/entries.luau", PLACE], env);
		if (specs !== 0 || entries !== 0) {
			saveLog(logFile);
			log(`failed (specs exit ${specs}, entries exit ${entries}); service log: ${logFile}`);
		}
		return specs !== 0 ? specs : entries;
	} finally {
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch (error) {
				log(`cleanup: ${(error as Error).message}`);
			}
		}
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		log(`error: ${(error as Error).stack ?? error}`);
		process.exit(1);
	},
);
