import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock";

let dataDir: string;
const noop = () => undefined;

beforeEach(() => {
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toolboxai-lock-"));
});

afterEach(() => {
	fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a second lock on the same dir fails with a message naming the dir", async () => {
	const lock = await lockDataDir(dataDir, noop);
	try {
		const second = lockDataDir(dataDir, noop);
		await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
		await expect(second).rejects.toThrow(dataDir);
	} finally {
		await lock.release();
	}
});

test("release frees the dir for the next start, and releasing twice is harmless", async () => {
	const lock = await lockDataDir(dataDir, noop);
	expect(fs.readFileSync(path.join(dataDir, "server.pid"), "utf8")).toBe(String(process.pid));
	await lock.release();
	await lock.release();
	expect(fs.existsSync(path.join(dataDir, "server.lock"))).toBe(false);
	const again = await lockDataDir(dataDir, noop);
	await again.release();
});

test("a lock left by a process that died is taken over at once", async () => {
	// A real pid that no longer exists: the child has exited by the time spawnSync returns.
	const dead = spawnSync(process.execPath, ["-e", ""]).pid;
	fs.mkdirSync(path.join(dataDir, "server.lock"));
	fs.writeFileSync(path.join(dataDir, "server.pid"), String(dead));
	const lock = await lockDataDir(dataDir, noop);
	await lock.release();
});

test("a fresh lock whose owner is alive is respected", async () => {
	fs.mkdirSync(path.join(dataDir, "server.lock"));
	fs.writeFileSync(path.join(dataDir, "server.pid"), String(process.ppid));
	await expect(lockDataDir(dataDir, noop)).rejects.toBeInstanceOf(DataDirLockedError);
});

test("creates a missing data dir", async () => {
	const nested = path.join(dataDir, "a", "b");
	const lock = await lockDataDir(nested, noop);
	expect(fs.statSync(nested).isDirectory()).toBe(true);
	await lock.release();
});

test("the message names the absolute dir even when DATA_DIR is relative", async () => {
	const lock = await lockDataDir(dataDir, noop);
	try {
		await expect(lockDataDir(path.relative(process.cwd(), dataDir), noop)).rejects.toThrow(`The data directory ${dataDir} is already in use`);
	} finally {
		await lock.release();
	}
});
