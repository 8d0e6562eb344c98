import { stat } from "node:fs/promises";
import type { Release, StoredFile } from "@toolboxai/shared";
import type { DeploymentsApi } from "./api/deployments-api";
import { CliError } from "./cli-error";

/** Uploads in flight at once: enough to hide round trips, few enough not to trip the service's rate limit. */
export const UPLOAD_CONCURRENCY = 4;

/** Runs `work` over `items` with at most `limit` at a time; the first failure stops new starts and is thrown. */
export async function mapWithLimit<T, R>(items: ReadonlyArray<T>, limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failed = false;
	async function worker(): Promise<void> {
		while (!failed && next < items.length) {
			const index = next++;
			try {
				results[index] = await work(items[index]);
			} catch (err) {
				failed = true;
				throw err;
			}
		}
	}
	const workers = Array.from({ length: Math.min(limit, items.length) }, () => worker());
	const settled = await Promise.allSettled(workers);
	const rejection = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
	if (rejection !== undefined) throw rejection.reason;
	return results;
}

/** PUTs every file the release still misses (by hash, from the local paths the manifest was built from). */
export async function uploadMissing(options: {
	readonly api: DeploymentsApi;
	readonly release: Release;
	readonly pathsBySha: ReadonlyMap<string, string>;
	readonly concurrency?: number;
	readonly onProgress?: (done: number, total: number) => void;
}): Promise<StoredFile[]> {
	const missing = [...new Set(options.release.missingFiles)];
	let done = 0;
	options.onProgress?.(done, missing.length);
	return mapWithLimit(missing, options.concurrency ?? UPLOAD_CONCURRENCY, async (sha256) => {
		const file = options.pathsBySha.get(sha256);
		if (file === undefined) {
			throw new CliError("bad_reply", "bad_reply", `The service asked for a file this release does not contain (${sha256}).`);
		}
		const { size } = await stat(file);
		const stored = await options.api.uploadFile(options.release.id, sha256, { path: file, size });
		options.onProgress?.(++done, missing.length);
		return stored;
	});
}
