/**
 * The data directory holds the database, release files, secrets and the dry-run log: only the service's own
 * user may read any of it. Directories are 0700 and files 0600, whatever the process umask.
 */
import fs from "node:fs";
import path from "node:path";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates a directory (and missing parents) for this user only, and makes an existing one so. */
export function makePrivateDir(dir: string): void {
	fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
	fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes every directory under `dir` (and itself) 0700 and every file 0600. For trees a library writes with its own
 * modes (PGlite unpacks a new database as 0666 files). Symbolic links are left alone: their targets are not ours.
 */
export function makeTreePrivate(dir: string): void {
	fs.chmodSync(dir, PRIVATE_DIR_MODE);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) makeTreePrivate(full);
		else if (entry.isFile()) fs.chmodSync(full, PRIVATE_FILE_MODE);
	}
}
