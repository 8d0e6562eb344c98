/**
 * Open Cloud in dry-run: records each exact request it would send, one JSON line per request in
 * `<dataDir>/open-cloud-dry-run.jsonl`, and answers as if Roblox had accepted it.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../../config/private-files";
import type { OpenCloudRequest, OpenCloudTransport } from "./wire";

export const DRY_RUN_FILE = "open-cloud-dry-run.jsonl";
/** Headers that carry credentials; their values never reach the file. */
const SECRET_HEADERS = new Set(["x-api-key", "authorization", "cookie"]);

export function createDryRunOpenCloud(dataDir: string): OpenCloudTransport {
	const file = path.join(dataDir, DRY_RUN_FILE);
	// Appends are chained so concurrent sends never interleave inside a line.
	let writes: Promise<void> = fs.mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE }).then(() => undefined);
	return {
		driver: "dry-run",
		async send(request: OpenCloudRequest) {
			const line = `${JSON.stringify(toRecord(request))}\n`;
			const write = writes.then(() => fs.appendFile(file, line, { mode: PRIVATE_FILE_MODE }));
			writes = write.catch(() => undefined);
			await write;
			return { status: 200, body: JSON.stringify({ dryRun: true }), dryRun: true };
		},
	};
}

function toRecord(request: OpenCloudRequest) {
	return {
		at: new Date().toISOString(),
		method: request.method.toUpperCase(),
		url: request.url,
		headers: redact(request.headers),
		...(request.bodyDescription === undefined ? {} : { body: request.bodyDescription }),
	};
}

function redact(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? "[redacted]" : value]));
}
