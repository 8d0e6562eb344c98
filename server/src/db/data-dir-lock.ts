import fs from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import { makePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../config/private-files";
import { onceAsync } from "./once-async";

export class DataDirLockedError extends Error {
	readonly code = "data_dir_locked";
	constructor(readonly dataDir: string) {
		super(`The data directory ${dataDir} is already in use by another ToolBoxAI process. Stop that process, or set DATA_DIR to a different directory.`);
		this.name = "DataDirLockedError";
	}
}

export interface DataDirLock {
	release(): Promise<void>;
}

const LOCK_NAME = "server.lock";
const PID_NAME = "server.pid";
/**
 * proper-lockfile refreshes the lock's mtime; a lock not refreshed for this long belongs to a dead
 * process. Generous, because PGlite's first start blocks the event loop for seconds, and a crashed
 * owner is normally detected sooner through the pid file.
 */
const STALE_MS = 60_000;

/**
 * Locks the data directory for this process: PGlite itself lets two processes open the same files and
 * corrupt them. The pid file lets a restart right after a crash take over at once instead of waiting
 * for the lock to go stale.
 */
export async function lockDataDir(dir: string, onCompromised: (error: Error) => void): Promise<DataDirLock> {
	// Absolute, so the "in use" message names the directory unambiguously.
	const dataDir = path.resolve(dir);
	makePrivateDir(dataDir);
	const lockfilePath = path.join(dataDir, LOCK_NAME);
	const options = { lockfilePath, stale: STALE_MS, realpath: false, onCompromised };
	let release: () => Promise<void>;
	try {
		release = await lockfile.lock(dataDir, options);
	} catch (error) {
		if (!isLocked(error) || !ownerIsDead(dataDir)) throw isLocked(error) ? new DataDirLockedError(dataDir) : error;
		fs.rmSync(lockfilePath, { recursive: true, force: true });
		try {
			release = await lockfile.lock(dataDir, options);
		} catch (retryError) {
			throw isLocked(retryError) ? new DataDirLockedError(dataDir) : retryError;
		}
	}
	fs.chmodSync(lockfilePath, PRIVATE_DIR_MODE);
	fs.writeFileSync(path.join(dataDir, PID_NAME), String(process.pid), { mode: PRIVATE_FILE_MODE });
	return { release: onceAsync(() => releaseLock(dataDir, release)) };
}

async function releaseLock(dataDir: string, release: () => Promise<void>): Promise<void> {
	fs.rmSync(path.join(dataDir, PID_NAME), { force: true });
	await release();
}

function isLocked(error: unknown): boolean {
	return (error as { code?: string } | undefined)?.code === "ELOCKED";
}

/** True when the pid file names a process that no longer exists on this machine. */
function ownerIsDead(dataDir: string): boolean {
	let pid: number;
	try {
		pid = Number(fs.readFileSync(path.join(dataDir, PID_NAME), "utf8").trim());
	} catch {
		return false;
	}
	if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
	try {
		process.kill(pid, 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === "ESRCH";
	}
}
