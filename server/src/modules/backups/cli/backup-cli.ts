/**
 * `npm run backup`: takes an encrypted backup now. `npm run backup -- --list` lists the kept backups;
 * `npm run backup -- --verify` restores the newest into a scratch database and records the result.
 * Real Postgres (DATABASE_URL): pg_dump runs here. Embedded: the service that holds the data directory takes it
 * (a job this command triggers); when no service holds it, this command opens the data directory itself.
 */
import { DataDirLockedError } from "../../../db/data-dir-lock";
import { openDatabase } from "../../../db/database";
import { readCatalog } from "../backup-catalog";
import type { BackupManifest } from "../manifest";
import { backupDatabaseUrl } from "../service-backup-deps";
import { takeBackup } from "../take-backup";
import { verifyNewestBackup } from "../verify-backup";
import { type CliContext, CliFailure, cliContext, runCli } from "./cli-context";
import { triggerRunningService } from "./trigger-service";

function describe(manifest: BackupManifest): string {
	return `${manifest.id}  ${manifest.takenAt}  ${manifest.size} bytes  schema ${manifest.schemaVersion}  sha256 ${manifest.sha256.slice(0, 16)}…`;
}

async function take(context: CliContext): Promise<BackupManifest> {
	const { config } = context;
	const url = backupDatabaseUrl(config);
	if (config.databaseUrl !== undefined && url !== undefined) {
		return takeBackup(
			{ ...context, source: { kind: "postgres", url, ...(config.backup?.pgBinDir === undefined ? {} : { pgBinDir: config.backup.pgBinDir }) } },
			{ trigger: "command" },
		);
	}
	let database: Awaited<ReturnType<typeof openDatabase>>;
	try {
		database = await openDatabase(config, context.logger);
	} catch (error) {
		if (error instanceof DataDirLockedError) return triggerRunningService(config);
		throw error;
	}
	try {
		const dump = database.dumpEmbedded;
		if (dump === undefined) throw new CliFailure("The embedded database cannot be dumped");
		return await takeBackup({ ...context, source: { kind: "embedded", db: database.db, dumpDataDir: dump } }, { trigger: "command" });
	} finally {
		await database.close();
	}
}

async function main(): Promise<void> {
	const context = cliContext();
	const flag = process.argv[2];
	if (flag === "--list") {
		const catalog = await readCatalog(context.target);
		process.stdout.write(`Backups in ${context.target.description} (newest first):\n`);
		for (const manifest of catalog.complete) process.stdout.write(`  ${describe(manifest)}\n`);
		if (catalog.unfinished.length > 0) process.stdout.write(`Unfinished (no manifest): ${catalog.unfinished.join(", ")}\n`);
		return;
	}
	if (flag === "--verify") {
		const url = backupDatabaseUrl(context.config);
		const scratch = context.config.databaseUrl !== undefined && url !== undefined ? { kind: "postgres" as const, url } : { kind: "memory" as const };
		const outcome = await verifyNewestBackup({ ...context, scratch });
		if (!outcome.verification.ok) throw new CliFailure(`the newest backup (${outcome.backupId ?? "none"}) does not restore: ${outcome.verification.error}`);
		process.stdout.write(`Backup ${outcome.backupId} restores: ${outcome.verification.tables} tables, schema ${outcome.verification.schemaVersion}.\n`);
		return;
	}
	if (flag !== undefined) throw new CliFailure(`Unknown option ${flag}: use no option (take a backup), --list or --verify.`);
	const manifest = await take(context);
	process.stdout.write(`Backup taken into ${context.target.description}:\n  ${describe(manifest)}\n`);
}

runCli("Backup", main);
