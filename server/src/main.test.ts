/**
 * main.ts as an operator runs it: a child process (PGlite must not start inside a Jest worker), real
 * signals, exit codes and log lines.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get, request } from "node:http";
import { type AddressInfo, connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "./http/__tests__/harness";

const REPO_ROOT = path.resolve(__dirname, "../..");
jest.setTimeout(90_000);

interface Running {
	readonly child: ChildProcessWithoutNullStreams;
	readonly lines: Array<Record<string, unknown>>;
	readonly stderr: () => string;
	readonly exited: Promise<number | null>;
	/** Resolves with the first log line matching, or rejects when the process exits first. */
	waitFor(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function startMain(env: NodeJS.ProcessEnv): Running {
	const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "server/src/main.ts"], {
		cwd: REPO_ROOT,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
	});
	const lines: Array<Record<string, unknown>> = [];
	const waiters: Array<{ predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];
	let buffered = "";
	let stderr = "";
	child.stdout.on("data", (chunk: Buffer) => {
		buffered += chunk.toString("utf8");
		for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n")) {
			const text = buffered.slice(0, newline);
			buffered = buffered.slice(newline + 1);
			if (text.trim() === "") continue;
			const line = JSON.parse(text) as Record<string, unknown>;
			lines.push(line);
			for (const waiter of [...waiters]) {
				if (waiter.predicate(line)) {
					waiters.splice(waiters.indexOf(waiter), 1);
					waiter.resolve(line);
				}
			}
		}
	});
	child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
	const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
	return {
		child,
		lines,
		stderr: () => stderr,
		exited,
		waitFor(predicate) {
			const seen = lines.find(predicate);
			if (seen !== undefined) return Promise.resolve(seen);
			return new Promise((resolve, reject) => {
				waiters.push({ predicate, resolve });
				void exited.then((code) => reject(new Error(`main exited (${code}) before the expected log line; stderr: ${stderr}`)));
			});
		},
	};
}

const listening = (line: Record<string, unknown>) => typeof line.msg === "string" && line.msg.startsWith("ToolBoxAI server listening on");
const messages = (run: Running) => run.lines.map((line) => String(line.msg));

function postJson(port: number, urlPath: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify(body);
		const req = request({ host: "127.0.0.1", port, path: urlPath, method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
			let text = "";
			res.on("data", (c: Buffer) => (text += c.toString()));
			res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
		});
		req.on("error", reject);
		req.end(payload);
	});
}

function getJson(port: number, urlPath: string): Promise<{ status: number; body: unknown }> {
	return new Promise((resolve, reject) => {
		get({ host: "127.0.0.1", port, path: urlPath }, (res) => {
			let text = "";
			res.on("data", (c: Buffer) => (text += c.toString()));
			res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
		}).on("error", reject);
	});
}

function getText(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		get({ host: "127.0.0.1", port, path: urlPath, headers }, (res) => {
			let text = "";
			res.on("data", (c: Buffer) => (text += c.toString()));
			res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
		}).on("error", reject);
	});
}

describe("main on real Postgres and Redis", () => {
	let database: TestDatabase;
	let dataDir: string;
	let env: NodeJS.ProcessEnv;

	beforeAll(async () => {
		database = await createTestDatabase("main");
		dataDir = mkdtempSync(path.join(tmpdir(), "tbx-main-"));
		env = {
			NODE_ENV: "test",
			PORT: "0",
			HOST: "127.0.0.1",
			DATA_DIR: dataDir,
			DATABASE_URL: database.url,
			REDIS_URL: process.env.TEST_REDIS_URL,
			SHUTDOWN_TIMEOUT_MS: "8000",
		};
	});
	afterAll(async () => {
		await database?.drop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it("drains a request in flight on SIGTERM, closes the infrastructure and exits 0", async () => {
		const run = startMain(env);
		try {
			const port = Number((await run.waitFor(listening)).port);
			expect(await getJson(port, "/readyz")).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok", queue: "ok" } } });

			// Pipelined requests for a large file, client not reading: once the socket buffers fill, the server
			// is mid-response (in flight) and cannot finish until we read on.
			const socket = connect({ host: "127.0.0.1", port });
			await new Promise((resolve) => socket.once("connect", resolve));
			socket.pause();
			socket.write("GET /docs/assets/swagger-ui-bundle.js HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(12));
			// Bytes waiting in the paused socket: the first response has started. Twelve responses of over 1 MB each
			// are far more than the socket buffers hold, so the server stays mid-response until we read.
			const deadline = Date.now() + 30_000;
			while (socket.readableLength === 0) {
				if (Date.now() > deadline) throw new Error("the server never started answering the pipelined requests");
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			run.child.kill("SIGTERM");
			const started = await run.waitFor((line) => String(line.msg).startsWith("shutdown: SIGTERM received"));
			expect(started.inFlight).toBeGreaterThanOrEqual(1);

			const chunks: Buffer[] = [];
			socket.on("data", (chunk: Buffer) => chunks.push(chunk));
			socket.resume();
			await new Promise((resolve) => socket.on("close", resolve));
			const received = Buffer.concat(chunks).toString("latin1");
			const responses = received.split("HTTP/1.1 200 OK").length - 1;
			const bodyLength = Number(/Content-Length: (\d+)/i.exec(received)?.[1]);
			// Every response that started was completed in full before the server closed the connection.
			expect(responses).toBeGreaterThanOrEqual(2);
			// (numbers, not the text: a failure must not print megabytes)
			expect(Buffer.byteLength(received, "latin1")).toBeGreaterThanOrEqual(responses * bodyLength);
			expect(bodyLength).toBeGreaterThan(1_000_000);

			expect(await run.exited).toBe(0);
			const order = messages(run);
			const drained = order.indexOf("shutdown: drained in-flight requests");
			const closed = order.indexOf("shutdown: infrastructure closed");
			expect(drained).toBeGreaterThan(-1);
			expect(closed).toBeGreaterThan(drained);
			expect(order).toContain("shutdown: complete; exiting");
		} finally {
			run.child.kill("SIGKILL");
		}
	});

	it("shuts down on SIGINT right after a request, closing its kept-alive connection", async () => {
		const run = startMain(env);
		try {
			const port = Number((await run.waitFor(listening)).port);
			expect((await getJson(port, "/v1/meta")).status).toBe(200);
			run.child.kill("SIGINT");
			expect(await run.exited).toBe(0);
			expect(messages(run)).toEqual(
				expect.arrayContaining(["shutdown: SIGINT received; no new connections, readiness fails, draining in-flight requests", "shutdown: infrastructure closed"]),
			);
		} finally {
			run.child.kill("SIGKILL");
		}
	});

	it("serves /metrics on METRICS_PORT and on the main port only with METRICS_TOKEN's bearer token", async () => {
		const token = "main-test-metrics-token-0123456789abcdef";
		const run = startMain({ ...env, METRICS_PORT: "0", METRICS_TOKEN: token });
		try {
			const port = Number((await run.waitFor(listening)).port);
			const metricsPort = Number((await run.waitFor((line) => String(line.msg).startsWith("metrics on http://127.0.0.1:"))).port);
			expect(metricsPort).not.toBe(port);
			for (const target of [metricsPort, port]) {
				expect((await getText(target, "/metrics")).status).toBe(401);
				const scraped = await getText(target, "/metrics", { Authorization: `Bearer ${token}` });
				expect(scraped.status).toBe(200);
				expect(scraped.text).toMatch(/^toolboxai_build_info\{version="[^"]+",node_version="v\d+/m);
			}
			run.child.kill("SIGTERM");
			expect(await run.exited).toBe(0);
		} finally {
			run.child.kill("SIGKILL");
		}
	});

	it("stops with a message naming a malformed setting, without a stack trace", async () => {
		const run = startMain({ ...env, PORT: "eighty", LOG_LEVEL: "loud" });
		expect(await run.exited).toBe(1);
		expect(run.stderr()).toContain('PORT: must be a whole number from 0 to 65535 (got "eighty")');
		expect(run.stderr()).toContain("LOG_LEVEL: must be one of");
		expect(run.stderr()).not.toMatch(/\n\s+at /);
	});

	it("says in one line that the port is taken, before opening the database (no stack, no database error)", async () => {
		const holder: Server = createServer();
		await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
		try {
			const port = (holder.address() as AddressInfo).port;
			const run = startMain({ ...env, PORT: String(port) });
			expect(await run.exited).toBe(1);
			expect(run.stderr()).toBe(`Cannot start: port ${port} on 127.0.0.1 is already in use (is ToolBoxAI already running?). Stop that process or set PORT to another port.\n`);
			expect(run.lines).toEqual([]);
		} finally {
			holder.close();
		}
	});

	it("names DATABASE_URL when the database cannot be reached, without its password", async () => {
		const run = startMain({ ...env, DATABASE_URL: "postgres://toolboxai:s3cret-pass@127.0.0.1:1/toolboxai" });
		expect(await run.exited).toBe(1);
		expect(run.stderr()).toMatch(/^Cannot start: Cannot reach the database at DATABASE_URL \(postgres:\/\/127\.0\.0\.1:1\/toolboxai\): .*ECONNREFUSED/);
		expect(run.stderr()).not.toContain("s3cret-pass");
		expect(run.stderr()).not.toMatch(/\n\s+at /);
	});

	it("refuses production on embedded parts unless ALLOW_EMBEDDED=true", async () => {
		const run = startMain({ NODE_ENV: "production", PUBLIC_URL: "https://toolbox.example.org", DATA_DIR: dataDir, PORT: "0" });
		expect(await run.exited).toBe(1);
		expect(run.stderr()).toContain("NODE_ENV=production refuses embedded parts");
		expect(run.stderr()).toContain("DATABASE_URL: is not set");
		expect(run.stderr()).toContain("REDIS_URL: is not set");
	});
});

describe("main with nothing configured (embedded default)", () => {
	let dataDir: string;
	beforeAll(() => {
		dataDir = mkdtempSync(path.join(tmpdir(), "tbx-embedded-"));
	});
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it("runs on PGlite and the in-process queue, says so, and shuts down cleanly", async () => {
		const run = startMain({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir });
		try {
			const port = Number((await run.waitFor(listening)).port);
			const embedded = await run.waitFor((line) => String(line.msg).startsWith("running on embedded parts"));
			expect(embedded.msg).toContain("embedded Postgres (PGlite)");
			expect(embedded.msg).toContain("in-process job runner");
			expect(await getJson(port, "/readyz")).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok", queue: "ok" } } });
			// The first run seeds a demo school and prints how to sign in to it; that sign-in works.
			const demo = await run.waitFor((line) => String(line.msg).startsWith("dashboard:"));
			const password = /with password (\S+)$/.exec(String(demo.msg))?.[1];
			expect(demo.email).toBe("admin@demo-school.example");
			const signedIn = await postJson(port, "/v1/auth/login", { email: demo.email, password });
			expect(signedIn.status).toBe(200);
			expect(signedIn.body.tokenType).toBe("Bearer");
			run.child.kill("SIGTERM");
			expect(await run.exited).toBe(0);
			expect(messages(run)).toContain("shutdown: infrastructure closed");

			// A second start on the same data keeps the school and prints the same sign-in, seeding nothing new.
			const again = startMain({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir });
			try {
				const againPort = Number((await again.waitFor(listening)).port);
				expect((await again.waitFor((line) => String(line.msg).startsWith("dashboard:"))).msg).toContain(`as ${String(demo.email)} with password ${password}`);
				expect(messages(again)).not.toContain("embedded default: demo school created");
				expect((await postJson(againPort, "/v1/auth/login", { email: demo.email, password })).status).toBe(200);
				again.child.kill("SIGTERM");
				expect(await again.exited).toBe(0);
			} finally {
				again.child.kill("SIGKILL");
			}
		} finally {
			run.child.kill("SIGKILL");
		}
	});
});

describe("main in production on embedded parts (ALLOW_EMBEDDED=true)", () => {
	let dataDir: string;
	beforeAll(() => {
		dataDir = mkdtempSync(path.join(tmpdir(), "tbx-prod-embedded-"));
	});
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it("seeds the demo school but never logs its password, only where it is kept", async () => {
		const run = startMain({ NODE_ENV: "production", ALLOW_EMBEDDED: "true", PUBLIC_URL: "https://toolbox.example.org", PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir });
		try {
			await run.waitFor(listening);
			const demo = await run.waitFor((line) => String(line.msg).startsWith("dashboard:"));
			const file = path.join(dataDir, "secrets", "demo-sign-in.json");
			const { password } = JSON.parse(readFileSync(file, "utf8")) as { password: string };
			expect(password.length).toBeGreaterThanOrEqual(12);
			expect(demo.msg).toContain(`the password is in ${file}`);
			run.child.kill("SIGTERM");
			expect(await run.exited).toBe(0);
			const everything = `${run.lines.map((line) => JSON.stringify(line)).join("\n")}${run.stderr()}`;
			expect(everything).not.toContain(password);
		} finally {
			run.child.kill("SIGKILL");
		}
	});
});
