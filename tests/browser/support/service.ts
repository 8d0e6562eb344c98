/**
 * The real service as an operator starts it: `npm start` from the repository root (tsx, the embedded default's
 * command), on a free port with a throwaway DATA_DIR, on a database of its own on the test Postgres and on the
 * test Redis (.tmp/test-env.sh, written by tests/env/services.sh).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
// pg comes with the server workspace (hoisted to the root node_modules).
import { Client } from "pg";

export const ROOT = path.resolve(__dirname, "../../..");
const STARTUP_TIMEOUT_MS = 90_000;

function testEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	const file = process.env.TOOLBOXAI_TEST_ENV_FILE ?? path.join(ROOT, ".tmp/test-env.sh");
	if (existsSync(file)) {
		for (const line of readFileSync(file, "utf8").split("\n")) {
			const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
			if (match) env[match[1]] = match[2].replace(/^['"]|['"]$/g, "");
		}
	}
	for (const key of ["TEST_DATABASE_URL", "TEST_DATABASE_ADMIN_URL", "TEST_REDIS_URL"]) if (process.env[key]) env[key] = process.env[key] as string;
	for (const key of ["TEST_DATABASE_ADMIN_URL", "TEST_REDIS_URL"]) {
		if (!env[key]) throw new Error(`${key} is not set: run \`bash tests/env/services.sh start\` (it writes .tmp/test-env.sh) first`);
	}
	return env;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once("error", reject);
		probe.listen(0, "127.0.0.1", () => {
			const address = probe.address();
			const port = typeof address === "object" && address !== null ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
	const client = new Client({ connectionString: adminUrl });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

export interface Service {
	readonly url: string;
	/** The service's own database (e.g. to read the embedded mail outbox). */
	readonly databaseUrl: string;
	/** Its DATA_DIR (local object storage lives under it). */
	readonly dataDir: string;
	/** Milliseconds from spawning `npm start` to the first 200 from /healthz. */
	readonly healthyAfterMs: number;
	/** Everything the service printed so far (JSON log lines). */
	output(): string;
	stop(): Promise<void>;
	/** Stops the process and starts it again on the same port, database and DATA_DIR; `whileDown` runs in between. */
	restart(whileDown?: () => Promise<void>): Promise<void>;
}

/**
 * `env`: extra settings for the service, e.g. ROBLOX_OPEN_CLOUD_URL pointing at a local Open Cloud fake.
 * `embedded`: no DATABASE_URL or REDIS_URL, as `npm start` runs with no settings (PGlite in DATA_DIR, the demo school).
 */
export async function startService(label: string, options: { env?: Record<string, string>; embedded?: boolean } = {}): Promise<Service> {
	const env = testEnv();
	const database = `tbx_browser_${label}_${randomBytes(4).toString("hex")}`;
	// Copied from the suite's migrated template (Jest global setup) when there is one: the service then starts with
	// nothing to migrate.
	const template = process.env.TEST_DATABASE_TEMPLATE;
	await adminQuery(env.TEST_DATABASE_ADMIN_URL, `CREATE DATABASE "${database}"${template ? ` TEMPLATE "${template}"` : ""}`);
	const databaseUrl = new URL(env.TEST_DATABASE_ADMIN_URL);
	databaseUrl.pathname = `/${database}`;
	const dataDir = mkdtempSync(path.join(tmpdir(), "tbx-browser-"));
	const port = await freePort();
	const url = `http://localhost:${port}`;
	const started = Date.now();
	let output = "";
	// Own process group, so stopping it also stops npm's children (sh, tsx, node).
	const spawnService = (): { child: ChildProcess; exited: Promise<void> } => {
		const child = spawn("npm", ["start"], {
			cwd: ROOT,
			detached: true,
			stdio: ["ignore", "pipe", "pipe"],
			env: {
				PATH: process.env.PATH,
				HOME: process.env.HOME,
				PORT: String(port),
				DATA_DIR: dataDir,
				...(options.embedded === true ? {} : { DATABASE_URL: databaseUrl.toString(), REDIS_URL: env.TEST_REDIS_URL }),
				LOG_LEVEL: "info",
				...options.env,
			},
		});
		child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
		child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
		return { child, exited: new Promise<void>((resolve) => child.once("exit", () => resolve())) };
	};
	let running = spawnService();

	const stopProcess = async () => {
		const { child, exited } = running;
		if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
			process.kill(-child.pid, "SIGTERM");
			const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 20_000);
			await exited;
			clearTimeout(timer);
		}
	};
	const stop = async () => {
		await stopProcess();
		rmSync(dataDir, { recursive: true, force: true });
		await adminQuery(env.TEST_DATABASE_ADMIN_URL, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
	};
	const waitHealthy = async (since: number) => {
		const deadline = since + STARTUP_TIMEOUT_MS;
		for (;;) {
			if (running.child.exitCode !== null) {
				await stop();
				throw new Error(`the service exited (${running.child.exitCode}) before /healthz answered:\n${output.slice(-4000)}`);
			}
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`the service did not answer /healthz within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output.slice(-4000)}`);
			}
			try {
				const res = await fetch(`${url}/healthz`);
				if (res.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	};
	await waitHealthy(started);
	const healthyAfterMs = Date.now() - started;
	/** Stops the process and starts it again on the same port, database and DATA_DIR (sessions survive); `whileDown` runs in between. */
	const restart = async (whileDown?: () => Promise<void>) => {
		await stopProcess();
		await whileDown?.();
		running = spawnService();
		await waitHealthy(Date.now());
	};
	return { url, databaseUrl: databaseUrl.toString(), dataDir, healthyAfterMs, output: () => output, stop, restart };
}

/** The text of the newest mail to `to` in the service's outbox (the embedded mail driver). */
export async function lastMailTo(service: Service, to: string): Promise<string | undefined> {
	const client = new Client({ connectionString: service.databaseUrl });
	await client.connect();
	try {
		const result = await client.query<{ text_body: string }>("SELECT text_body FROM mail_outbox WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1", [to]);
		return result.rows[0]?.text_body;
	} finally {
		await client.end();
	}
}

/** The text of the newest mail to `to` with this template, waiting up to 15 s for the service's mail.send job to write it. */
export async function waitForMail(service: Service, to: string, template: string): Promise<string> {
	const client = new Client({ connectionString: service.databaseUrl });
	await client.connect();
	try {
		const deadline = Date.now() + 15_000;
		for (;;) {
			const result = await client.query<{ text_body: string }>(
				"SELECT text_body FROM mail_outbox WHERE lower(to_address) = lower($1) AND template = $2 ORDER BY created_at DESC LIMIT 1",
				[to, template],
			);
			const text = result.rows[0]?.text_body;
			if (text !== undefined) return text;
			if (Date.now() > deadline) throw new Error(`no ${template} mail to ${to} within 15 s`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	} finally {
		await client.end();
	}
}

/** Keeps a failing run's service log next to the screenshots. */
export function saveLog(service: Service, name: string): void {
	const dir = path.join(ROOT, ".tmp/screenshots");
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, `${name}.service.log`), service.output());
}
