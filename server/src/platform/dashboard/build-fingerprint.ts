import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { DASHBOARD_DIR, DASHBOARD_DIST, SHARED_SRC } from "./dashboard-paths";

/** Written into dist/ by the build: the fingerprint of the inputs it was built from. */
export const FINGERPRINT_FILE = ".inputs-fingerprint";

const INPUT_FILES = ["index.html", "vite.config.ts", "package.json", "tsconfig.json"];
const INPUT_DIRS = ["src", "public"];

function walk(dir: string, into: string[]): void {
	if (!existsSync(dir)) return;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) walk(full, into);
		else if (entry.isFile()) into.push(full);
	}
}

/**
 * Path, size and modification time of every input: cheap (a few dozen stats, about a millisecond) and it changes
 * on every edit, checkout or deletion. A content hash would survive `touch`, but costs reading every file at start.
 */
export function inputsFingerprint(): string {
	const files: string[] = INPUT_FILES.map((name) => path.join(DASHBOARD_DIR, name)).filter((file) => existsSync(file));
	for (const dir of INPUT_DIRS) walk(path.join(DASHBOARD_DIR, dir), files);
	walk(SHARED_SRC, files);
	files.sort();
	const hash = createHash("sha256");
	for (const file of files) {
		const stat = statSync(file);
		hash.update(`${path.relative(DASHBOARD_DIR, file)}\0${stat.size}\0${Math.trunc(stat.mtimeMs)}\n`);
	}
	return hash.digest("hex");
}

export function builtFingerprint(dist: string = DASHBOARD_DIST): string | undefined {
	try {
		return readFileSync(path.join(dist, FINGERPRINT_FILE), "utf8").trim();
	} catch {
		return undefined;
	}
}

/** dist/ is missing, incomplete, or built from other inputs than the ones on disk now. */
export function isDashboardStale(): boolean {
	return !existsSync(path.join(DASHBOARD_DIST, "index.html")) || builtFingerprint() !== inputsFingerprint();
}
