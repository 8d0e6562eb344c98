import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { stringify } from "csv-stringify/sync";

export type ExportRow = Readonly<Record<string, unknown>>;

/**
 * One data kind written twice as its rows arrive in batches: `<name>.json` (an array of objects, for machines) and
 * `<name>.csv` (a header and one line per row, for people; nested values as JSON text). Only one batch is in memory
 * at a time, and each write waits for the disk when its buffer is full.
 */
export async function writeTable(folder: string, name: string, columns: ReadonlyArray<string>, batches: AsyncIterable<ReadonlyArray<ExportRow>>): Promise<number> {
	await fs.mkdir(folder, { recursive: true });
	const json = createWriteStream(path.join(folder, `${name}.json`));
	const csv = createWriteStream(path.join(folder, `${name}.csv`));
	let count = 0;
	try {
		await write(json, "[");
		await write(csv, stringify([columns as string[]]));
		for await (const batch of batches) {
			if (batch.length === 0) continue;
			const objects = batch.map((row) => JSON.stringify(pick(row, columns)));
			await write(json, `${count === 0 ? "\n" : ",\n"}${objects.join(",\n")}`);
			await write(csv, stringify(batch.map((row) => columns.map((column) => cell(row[column])))));
			count += batch.length;
		}
		await write(json, count === 0 ? "]\n" : "\n]\n");
	} finally {
		await Promise.all([close(json), close(csv)]);
	}
	return count;
}

function pick(row: ExportRow, columns: ReadonlyArray<string>): Record<string, unknown> {
	const picked: Record<string, unknown> = {};
	for (const column of columns) picked[column] = row[column] ?? null;
	return picked;
}

function cell(value: unknown): string {
	if (value === null || value === undefined) return "";
	if (typeof value === "object") return JSON.stringify(value);
	return String(value);
}

async function write(stream: WriteStream, chunk: string): Promise<void> {
	if (!stream.write(chunk)) await once(stream, "drain");
}

async function close(stream: WriteStream): Promise<void> {
	if (stream.closed) return;
	await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
