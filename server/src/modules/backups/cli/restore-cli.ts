/**
 * `npm run restore -- <backup id | latest> [--into <postgres URL>]`: restores a backup into an EMPTY database, then
 * applies the privacy erasure ledger again. Real Postgres: into --into, else BACKUP_DATABASE_URL, else
 * MIGRATION_DATABASE_URL, else DATABASE_URL (create the empty database first). Embedded: into DATA_DIR/pg, with
 * the service stopped and no database there yet.
 */
import path from "node:path";
import { lockDataDir } from "../../../db/data-dir-lock";
import { startEmbeddedPostgres } from "../../../db/embedded-postgres";
import { createSequelize } from "../../../db/sequelize";
import { createStorage } from "../../../infrastructure";
import { newestBackup } from "../backup-catalog";
import { storageErasureLedger } from "../erasure-ledger";
import { BACKUP_ID } from "../manifest";
import { type RestoreInto, restoreBackup } from "../restore-backup";
import { backupDatabaseUrl } from "../service-backup-deps";
import { type CliContext, CliFailure, cliContext, runCli } from "./cli-context";

function parseArgs(argv: string[]): { backup: string; into?: string } {
	const [backup, option, value, ...rest] = argv;
	if (backup === undefined || (option !== undefined && (option !== "--into" || value === undefined)) || rest.length > 0) {
		throw new CliFailure("usage: npm run restore -- <backup id | latest> [--into <postgres URL of an empty database>]");
	}
	return { backup, ...(value === undefined ? {} : { into: value }) };
}

async function resolveId(context: CliContext, backup: string): Promise<string> {
	if (backup === "latest") {
		const newest = await newestBackup(context.target);
		if (newest === undefined) throw new CliFailure(`There is no backup in ${context.target.description}.`);
		return newest.id;
	}
	if (!BACKUP_ID.test(backup)) throw new CliFailure(`"${backup}" is not a backup id (e.g. 20261207T220501Z-3f9a; \`npm run backup -- --list\` lists them).`);
	return backup;
}

async function main(): Promise<void> {
	const context = cliContext();
	const args = parseArgs(process.argv.slice(2));
	const backupId = await resolveId(context, args.backup);
	// The privacy module supplies the eraser (reapplyErasure) once it exists; until then a non-empty ledger refuses.
	const ledger = storageErasureLedger(createStorage(context.config));
	const { config } = context;
	if (config.databaseUrl !== undefined || args.into !== undefined) {
		const url = args.into ?? backupDatabaseUrl(config);
		if (url === undefined) throw new CliFailure("Name the database to restore into: --into <postgres URL>");
		const into: RestoreInto = { kind: "postgres", url, ...(config.backup?.pgBinDir === undefined ? {} : { pgBinDir: config.backup.pgBinDir }) };
		const result = await restoreBackup({ ...context, ledger }, { backupId, into });
		process.stdout.write(`Restored ${result.manifest.id} (taken ${result.manifest.takenAt}); erasures re-applied: ${result.erasuresReapplied}.\n`);
		return;
	}
	// Embedded: hold the data directory so the service cannot start on it halfway through.
	const lock = await lockDataDir(config.dataDir, () => undefined);
	try {
		const into: RestoreInto = { kind: "embedded", pgDir: path.join(config.dataDir, "pg") };
		const result = await restoreBackup(
			{
				...context,
				ledger,
				openRestored: async () => {
					const embedded = await startEmbeddedPostgres(config.dataDir, context.logger);
					const db = createSequelize({ url: embedded.url, poolMax: 1, logger: context.logger });
					return {
						db,
						close: async () => {
							await db.close();
							await embedded.close();
						},
					};
				},
			},
			{ backupId, into },
		);
		process.stdout.write(`Restored ${result.manifest.id} (taken ${result.manifest.takenAt}) into ${into.pgDir}; erasures re-applied: ${result.erasuresReapplied}.\n`);
	} finally {
		await lock.release();
	}
}

runCli("Restore", main);
