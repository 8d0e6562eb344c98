import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** The budget for the scripts a first visit downloads before any page shows, gzipped. */
export const INITIAL_JS_LIMIT_KB = 150;

/** A module's static imports of sibling chunks (`import "./x.js"`, `from "./x.js"`); `import("./x.js")` (a lazy page) is not one. */
const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'](\.\/[\w.-]+\.js)["']/g;

/**
 * The scripts a browser loads from a built index.html before the app runs: the entry <script>, the chunks it
 * preloads, and everything those import statically, followed through the chunks. Lazily loaded pages are left
 * out. `gzipBytes` is their size gzipped at level 9, the build's own .gz copies.
 */
export function initialScripts(dist: string): { files: string[]; gzipBytes: number } {
	const html = readFileSync(path.join(dist, "index.html"), "utf8");
	const queue = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((match) => match[1] as string);
	const seen = new Set<string>();
	while (queue.length > 0) {
		const file = queue.shift() as string;
		if (seen.has(file)) continue;
		seen.add(file);
		const code = readFileSync(path.join(dist, file), "utf8");
		for (const match of code.matchAll(STATIC_IMPORT)) queue.push(path.posix.join(path.posix.dirname(file), match[1] as string));
	}
	const files = [...seen].sort();
	const gzipBytes = files.reduce((total, file) => total + gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length, 0);
	return { files, gzipBytes };
}
