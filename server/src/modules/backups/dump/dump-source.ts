/**
 * Where a dump comes from. Real Postgres: pg_dump in custom format (one snapshot, so consistent) over the backup
 * role's URL. Embedded: PGlite's own dump of its data directory, taken inside the running service (PGlite holds
 * the data-dir lock, and a Debian pg_dump cannot read PGlite's files).
 */
import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Client } from "pg";
import { QueryTypes, type Sequelize } from "sequelize";
import type { DumpFormat } from "../manifest";
import { findPgTool, runPgTool, withoutPassword } from "./pg-tools";

export type DumpSource =
	| { readonly kind: "postgres"; readonly url: string; readonly pgBinDir?: string }
	| { readonly kind: "embedded"; readonly db: Sequelize; readonly dumpDataDir: () => Promise<Blob> };

export interface PlainDump {
	readonly format: DumpFormat;
	readonly serverVersion: string;
	readonly schemaVersion: string;
	readonly stream: Readable;
	/** Settles when the dumping process has finished (rejects when it failed, even after its stream ended). */
	readonly finished: Promise<void>;
}

const VERSION_SQL = "SELECT current_setting('server_version') AS server, (SELECT max(name) FROM schema_migrations) AS schema";

interface Versions {
	readonly server: string;
	readonly schema: string | null;
}

export async function startDump(source: DumpSource): Promise<PlainDump> {
	if (source.kind === "embedded") {
		const [versions] = await source.db.query<Versions>(VERSION_SQL, { type: QueryTypes.SELECT });
		const blob = await source.dumpDataDir();
		return {
			format: "pglite_datadir_tgz",
			serverVersion: versions?.server ?? "unknown",
			schemaVersion: versions?.schema ?? "none",
			stream: Readable.fromWeb(blob.stream() as WebReadableStream<Uint8Array>),
			finished: Promise.resolve(),
		};
	}
	const versions = await postgresVersions(source.url);
	const binary = await findPgTool("pg_dump", versions.server, source.pgBinDir);
	const out = new PassThrough();
	const finished = runPgTool(binary, ["--format=custom", "--no-password", `--dbname=${withoutPassword(source.url)}`], source.url, out).finally(() => out.end());
	// Awaited by the caller after the stream; this keeps an early failure from being an unhandled rejection meanwhile.
	finished.catch(() => undefined);
	return { format: "pg_dump_custom", serverVersion: versions.server, schemaVersion: versions.schema ?? "none", stream: out, finished };
}

export async function postgresVersions(url: string): Promise<Versions> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		const result = await client.query<Versions>(VERSION_SQL);
		return result.rows[0] as Versions;
	} finally {
		await client.end();
	}
}
