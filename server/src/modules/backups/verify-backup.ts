/**
 * Checks that the newest backup restores: into a scratch database made for the purpose on the backup role's server
 * (real Postgres; dropped afterwards) or an in-memory PGlite (embedded). The result is written beside the backup
 * (verification.json) and logged; a failure is an error in the log and the job's own failure.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { newestBackup } from "./backup-catalog";
import type { BackupDeps } from "./backup-deps";
import type { DumpSource } from "./dump/dump-source";
import { type BackupManifest, type BackupVerification, verificationPath } from "./manifest";
import { fetchAndDecrypt, restoreBackup } from "./restore-backup";

const COUNT_SQL = "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') AS tables, (SELECT max(name) FROM schema_migrations) AS schema";

export interface VerifyOutcome {
	readonly backupId?: string;
	readonly verification: BackupVerification;
}

/** Where the scratch copy goes: a database made on the backup role's server, or PGlite in memory (embedded backups). */
export type Scratch = { readonly kind: "postgres"; readonly url: string; readonly pgBinDir?: string } | { readonly kind: "memory" };

export function scratchFor(source: DumpSource): Scratch {
	return source.kind === "postgres" ? source : { kind: "memory" };
}

export async function verifyNewestBackup(deps: BackupDeps & { scratch: Scratch }): Promise<VerifyOutcome> {
	const manifest = await newestBackup(deps.target);
	if (manifest === undefined) {
		return { verification: { checkedAt: new Date().toISOString(), ok: false, error: `There is no backup in ${deps.target.description}.` } };
	}
	let verification: BackupVerification;
	try {
		const found = deps.scratch.kind === "postgres" ? await restoreIntoScratch(deps, manifest, deps.scratch) : await loadIntoMemory(deps, manifest);
		if (found.schema !== manifest.schemaVersion) throw new Error(`the restored schema is at ${found.schema ?? "nothing"}, the manifest says ${manifest.schemaVersion}`);
		if (found.tables === 0) throw new Error("the restored database has no tables");
		verification = { checkedAt: new Date().toISOString(), ok: true, tables: found.tables, schemaVersion: found.schema };
		deps.logger.info({ backupId: manifest.id, tables: found.tables }, "newest backup restores");
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		verification = { checkedAt: new Date().toISOString(), ok: false, error: message.slice(0, 500) };
		deps.logger.error({ backupId: manifest.id, err: error }, "the newest backup does NOT restore");
	}
	await deps.target.writeText(verificationPath(manifest.id), `${JSON.stringify(verification, null, 2)}\n`);
	return { backupId: manifest.id, verification };
}

interface Found {
	readonly tables: number;
	readonly schema: string | null;
}

async function restoreIntoScratch(deps: BackupDeps, manifest: BackupManifest, source: { url: string; pgBinDir?: string }): Promise<Found> {
	const name = `toolboxai_restore_check_${randomBytes(4).toString("hex")}`;
	await adminQuery(source.url, `CREATE DATABASE ${name}`);
	try {
		const url = new URL(source.url);
		url.pathname = `/${name}`;
		const into = { kind: "postgres" as const, url: url.toString(), ...(source.pgBinDir === undefined ? {} : { pgBinDir: source.pgBinDir }) };
		// The scratch copy is dropped at once: the erasure ledger is for restores that are kept.
		await restoreBackup({ ...deps, ledger: { entries: async () => [] } }, { backupId: manifest.id, into, skipLedger: true });
		const client = new Client({ connectionString: into.url });
		await client.connect();
		try {
			const row = (await client.query<{ tables: string; schema: string | null }>(COUNT_SQL)).rows[0];
			return { tables: Number(row?.tables ?? 0), schema: row?.schema ?? null };
		} finally {
			await client.end();
		}
	} finally {
		await adminQuery(source.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	}
}

async function loadIntoMemory(deps: BackupDeps, manifest: BackupManifest): Promise<Found> {
	if (manifest.format !== "pglite_datadir_tgz") throw new Error(`backup ${manifest.id} is a pg_dump archive; the embedded service cannot check it`);
	const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), "tbx-verify-"));
	try {
		const plain = await fetchAndDecrypt(deps, manifest, workDir);
		const { PGlite } = await import("@electric-sql/pglite");
		const { pgcrypto } = await import("@electric-sql/pglite/contrib/pgcrypto");
		const db = await PGlite.create({ loadDataDir: await fs.openAsBlob(plain), extensions: { pgcrypto } });
		try {
			const row = (await db.query<{ tables: string | number; schema: string | null }>(COUNT_SQL)).rows[0];
			return { tables: Number(row?.tables ?? 0), schema: row?.schema ?? null };
		} finally {
			await db.close();
		}
	} finally {
		await fsp.rm(workDir, { recursive: true, force: true });
	}
}

async function adminQuery(url: string, sql: string): Promise<void> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}
