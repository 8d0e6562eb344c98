import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

export interface FileDigest {
	readonly sha256: string;
	readonly size: number;
}

/** SHA-256 (lower-case hex) and byte count of a file, read as a stream: a 100 MB place never sits in memory. */
export async function hashFile(path: string): Promise<FileDigest> {
	const hash = createHash("sha256");
	let size = 0;
	for await (const chunk of createReadStream(path)) {
		hash.update(chunk as Buffer);
		size += (chunk as Buffer).length;
	}
	return { sha256: hash.digest("hex"), size };
}
