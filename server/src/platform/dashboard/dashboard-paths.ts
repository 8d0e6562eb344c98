import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Where the dashboard lives. src/ and dist/ of the server sit at the same depth, so the same relative path
 * works under tsx, Jest and the compiled build (as server-version.ts does).
 */
export const DASHBOARD_DIR = path.resolve(__dirname, "../../../dashboard");
export const DASHBOARD_DIST = path.join(DASHBOARD_DIR, "dist");
/** The shared contracts are bundled from their sources, so a change there makes the build stale too. */
export const SHARED_SRC = path.resolve(DASHBOARD_DIR, "../../shared/src");

/** Vite's command-line entry, or undefined where dev dependencies were not installed (a pruned production image). */
export function findViteBin(): string | undefined {
	try {
		const manifest = require.resolve("vite/package.json", { paths: [DASHBOARD_DIR] });
		const bin = path.join(path.dirname(manifest), "bin", "vite.js");
		return existsSync(bin) ? bin : undefined;
	} catch {
		return undefined;
	}
}
