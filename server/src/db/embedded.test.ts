/**
 * Embedded mode end to end, in child processes: PGlite crashes inside Jest workers (dynamic import).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrations } from "./migrations";

const SCRIPT = path.join(__dirname, "__fixtures__", "embedded-run.ts");
const SERVER_DIR = path.resolve(__dirname, "..", "..");
jest.setTimeout(180_000);

interface RunResult {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

function start(dataDir: string, mode: "write" | "hold"): ChildProcess {
	return spawn(process.execPath, ["--conditions=source", "--import", "tsx", SCRIPT, dataDir, mode], {
		cwd: SERVER_DIR,
		env: { ...process.env, DATABASE_URL: "", REDIS_URL: "" },
		stdio: ["ignore", "pipe", "pipe"],
	});
}

function finish(child: ChildProcess): Promise<RunResult> {
	let stdout = "";
	let stderr = "";
	child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

function run(dataDir: string, mode: "write" | "hold"): Promise<RunResult> {
	return finish(start(dataDir, mode));
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
	return new Promise((resolve, reject) => {
		let seen = "";
		child.stdout?.on("data", (chunk: Buffer) => {
			seen += chunk.toString();
			if (seen.includes(line)) resolve();
		});
		child.on("exit", (code) => reject(new Error(`exited ${code} before printing ${line}`)));
	});
}

let dataDir: string;

beforeAll(() => {
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toolboxai-embedded-"));
});

afterAll(() => {
	fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a first start creates the embedded database, migrates, runs a job and closes cleanly", async () => {
	const result = await run(dataDir, "write");
	expect(result.stderr).not.toContain("START FAILED");
	expect(result.code).toBe(0);
	expect(JSON.parse(result.stdout)).toEqual({
		driver: "embedded",
		queue: "in-process",
		mails: 1,
		migrations: migrations.length,
		cls: { inside: 1, after: 0, error: "rollback on purpose" },
		// PGlite is a newer Postgres than production's 15: migrations must stay 15-compatible.
		serverVersion: expect.any(Number),
	});
	expect(fs.existsSync(path.join(dataDir, "pg", "PG_VERSION"))).toBe(true);
	// close() released the data-dir lock.
	expect(fs.existsSync(path.join(dataDir, "server.lock"))).toBe(false);
});

test("the data dir and everything under it is private: folders 0700, files 0600", () => {
	const loose: string[] = [];
	const walk = (dir: string): void => {
		if ((fs.statSync(dir).mode & 0o777) !== 0o700) loose.push(`${dir}/ ${(fs.statSync(dir).mode & 0o777).toString(8)}`);
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if ((fs.statSync(full).mode & 0o777) !== 0o600) loose.push(`${full} ${(fs.statSync(full).mode & 0o777).toString(8)}`);
		}
	};
	walk(dataDir);
	expect(loose).toEqual([]);
	// Every part is there to be checked.
	for (const part of ["pg/PG_VERSION", "storage/objects", "storage/meta", "secrets/storage.key", "open-cloud-dry-run.jsonl"])
		expect(fs.existsSync(path.join(dataDir, part))).toBe(true);
});

test("a second start finds the data written by the first (persistence), without migrating again", async () => {
	const result = await run(dataDir, "write");
	expect(result.code).toBe(0);
	expect(JSON.parse(result.stdout)).toMatchObject({ driver: "embedded", mails: 2, migrations: migrations.length });
});

test("two processes on one data dir: the second stops with a message naming the dir", async () => {
	const holder = start(dataDir, "hold");
	const held = finish(holder);
	await waitForLine(holder, "READY");
	const second = await run(dataDir, "write");
	expect(second.code).toBe(1);
	expect(second.stderr).toContain(`START FAILED: The data directory ${dataDir} is already in use`);
	holder.kill("SIGTERM");
	expect((await held).code).toBe(0);
	// Once the holder has closed, the same dir opens again and still has every mail.
	const after = await run(dataDir, "write");
	expect(after.code).toBe(0);
	expect(JSON.parse(after.stdout)).toMatchObject({ mails: 3 });
});
