import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";

/** Every file under `folder` (relative names, sorted, forward slashes), for the archive and its golden layout. */
export async function filesUnder(folder: string): Promise<string[]> {
	const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
		.sort();
}

/** Zips a folder into `zipFile`, streaming each file from the disk (yazl reads one entry at a time). Returns its size. */
export async function zipFolder(folder: string, zipFile: string): Promise<number> {
	const zip = new yazl.ZipFile();
	for (const name of await filesUnder(folder)) zip.addFile(path.join(folder, ...name.split("/")), name);
	zip.end();
	await pipeline(zip.outputStream, createWriteStream(zipFile));
	return (await fs.stat(zipFile)).size;
}
