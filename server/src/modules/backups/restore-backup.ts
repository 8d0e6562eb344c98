/**
 * Restores one backup into an EMPTY database: real Postgres through pg_restore (one transaction, stops at the first
 * error), or the embedded data directory through PGlite. The encrypted file is checked against the manifest's
 * SHA-256 before decryption, and decrypted to a private temp file that is used only once it authenticated.
 * Then every erasure in the privacy ledger is applied again; with erasures to apply and no eraser, the restore
 * refuses before it changes anything.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import type { Logger } from "pino";
import type { Sequelize } from "sequelize";
import { decryptBackup } from "../../crypto/backup-cipher";
import { APP_ROLE, SYSTEM_ROLE } from "../../db/rls";
import { createSequelize } from "../../db/sequelize";
import { readManifest } from "./backup-catalog";
import type { BackupDeps } from "./backup-deps";
import { findPgTool, runPgTool, withoutPassword } from "./dump/pg-tools";
import type { ErasureLedgerReader, ReapplyErasure } from "./erasure-ledger";
import { type BackupManifest, dumpPath } from "./manifest";

export class RestoreRefusedError extends Error {
	readonly code = "restore_refused";
}

export type RestoreInto =
	| { readonly kind: "postgres"; readonly url: string; readonly pgBinDir?: string }
	/** An embedded data directory's pg folder (DATA_DIR/pg), which must not hold a database yet. */
	| { readonly kind: "embedded"; readonly pgDir: string };

export interface RestoreDeps extends BackupDeps {
	readonly ledger: ErasureLedgerReader;
	/** The privacy module's eraser; undefined until it exists (then a non-empty ledger refuses the restore). */
	readonly reapplyErasure?: ReapplyErasure;
	/** Opens the restored database for the erasures (the command line knows how; Postgres by URL by default). */
	readonly openRestored?: (into: RestoreInto) => Promise<{ db: Sequelize; close(): Promise<void> }>;
}

export interface RestoreResult {
	readonly manifest: BackupManifest;
	readonly erasuresReapplied: number;
}

export async function restoreBackup(deps: RestoreDeps, input: { backupId: string; into: RestoreInto; skipLedger?: boolean }): Promise<RestoreResult> {
	const manifest = await readManifest(deps.target, input.backupId);
	if (manifest === undefined) throw new RestoreRefusedError(`There is no backup ${input.backupId} in ${deps.target.description}.`);
	const erasures = input.skipLedger === true ? [] : await deps.ledger.entries();
	if (erasures.length > 0 && deps.reapplyErasure === undefined) {
		throw new RestoreRefusedError(
			`The erasure ledger lists ${erasures.length} erasure(s) but this build has no eraser to apply them again: restoring would bring erased people's data back. Nothing was restored.`,
		);
	}
	checkFormat(manifest, input.into);
	await refuseUnlessEmpty(input.into);
	const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), "tbx-restore-"));
	try {
		const plain = await fetchAndDecrypt(deps, manifest, workDir);
		if (input.into.kind === "postgres") await pgRestore(plain, input.into);
		else await pgliteRestore(plain, input.into.pgDir);
		deps.logger.info({ backupId: manifest.id, into: input.into.kind }, "backup restored");
	} finally {
		await fsp.rm(workDir, { recursive: true, force: true });
	}
	if (erasures.length > 0 && deps.reapplyErasure !== undefined) {
		const restored = await (deps.openRestored ?? ((into) => openPostgres(into, deps.logger)))(input.into);
		try {
			for (const entry of erasures) await deps.reapplyErasure(restored.db, entry);
		} finally {
			await restored.close();
		}
		deps.logger.info({ backupId: manifest.id, erasures: erasures.length }, "erasures re-applied after the restore");
	}
	return { manifest, erasuresReapplied: erasures.length };
}

function checkFormat(manifest: BackupManifest, into: RestoreInto): void {
	const wanted = into.kind === "postgres" ? "pg_dump_custom" : "pglite_datadir_tgz";
	if (manifest.format !== wanted) {
		const from = manifest.format === "pg_dump_custom" ? "real Postgres" : "the embedded database";
		throw new RestoreRefusedError(`Backup ${manifest.id} is of ${from} and cannot be restored into ${into.kind === "postgres" ? "Postgres" : "the embedded database"}.`);
	}
}

/** Download, check size and SHA-256, decrypt; returns the plain dump's path. */
export async function fetchAndDecrypt(deps: BackupDeps, manifest: BackupManifest, workDir: string): Promise<string> {
	const encrypted = path.join(workDir, "dump.enc");
	if (!(await deps.target.download(dumpPath(manifest.id), encrypted))) throw new RestoreRefusedError(`Backup ${manifest.id} has a manifest but its dump is missing.`);
	const hash = createHash("sha256");
	await pipeline(fs.createReadStream(encrypted), hash);
	const { size } = await fsp.stat(encrypted);
	if (size !== manifest.size || hash.digest("hex") !== manifest.sha256) {
		throw new RestoreRefusedError(`Backup ${manifest.id} does not match its manifest (size or SHA-256): it was altered or damaged in storage.`);
	}
	const plain = path.join(workDir, "dump.plain");
	await pipeline(fs.createReadStream(encrypted), decryptBackup(deps.keys), fs.createWriteStream(plain, { mode: 0o600 }));
	await fsp.rm(encrypted);
	return plain;
}

async function refuseUnlessEmpty(into: RestoreInto): Promise<void> {
	if (into.kind === "embedded") {
		if (fs.existsSync(path.join(into.pgDir, "PG_VERSION"))) {
			throw new RestoreRefusedError(`${into.pgDir} already holds a database: restore into an empty data directory (move the old one aside first).`);
		}
		return;
	}
	const client = new Client({ connectionString: into.url });
	await client.connect();
	try {
		const { rows } = await client.query<{ tables: string }>("SELECT count(*) AS tables FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
		if (Number(rows[0]?.tables ?? 0) > 0) {
			throw new RestoreRefusedError(`The database ${withoutPassword(into.url).replace(/^.*@/, "")} is not empty: restore into a new, empty database.`);
		}
		// The dump's grants name the cluster roles row-level security is written for; a new server may not have them yet.
		for (const role of [APP_ROLE, SYSTEM_ROLE]) {
			await client.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF; END $$`);
		}
	} finally {
		await client.end();
	}
}

async function pgRestore(file: string, into: { url: string; pgBinDir?: string }): Promise<void> {
	const client = new Client({ connectionString: into.url });
	await client.connect();
	let serverVersion: string;
	try {
		serverVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "";
	} finally {
		await client.end();
	}
	const binary = await findPgTool("pg_restore", serverVersion, into.pgBinDir);
	await runPgTool(binary, ["--single-transaction", "--exit-on-error", "--no-password", `--dbname=${withoutPassword(into.url)}`, file], into.url);
}

async function pgliteRestore(file: string, pgDir: string): Promise<void> {
	const { PGlite } = await import("@electric-sql/pglite");
	const { pgcrypto } = await import("@electric-sql/pglite/contrib/pgcrypto");
	await fsp.mkdir(pgDir, { recursive: true, mode: 0o700 });
	const db = await PGlite.create({ dataDir: pgDir, loadDataDir: await fs.openAsBlob(file), extensions: { pgcrypto } });
	await db.close();
}

async function openPostgres(into: RestoreInto, logger: Logger): Promise<{ db: Sequelize; close(): Promise<void> }> {
	if (into.kind !== "postgres") throw new Error("The embedded database is opened by the command line (openRestored)");
	const db = createSequelize({ url: into.url, poolMax: 1, logger });
	return { db, close: () => db.close() };
}
