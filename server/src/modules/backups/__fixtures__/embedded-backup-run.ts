/**
 * Child-process driver for embedded-backup.test.ts (PGlite cannot run inside a Jest worker).
 * Usage: node --conditions=source --import tsx embedded-backup-run.ts <workDir>
 * Starts the service on an embedded data dir (<workDir>/a) with backups on, writes a marker row, asks the running
 * service for a backup the way `npm run backup` does (the data dir is locked), stops it, restores the backup into
 * an empty data dir (<workDir>/b), reads the marker there, checks the newest backup in memory, and prints a JSON
 * summary on stdout.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pino from "pino";
import { QueryTypes } from "sequelize";
import { createApp } from "../../../app";
import { loadConfig } from "../../../config/load-config";
import { backupKeyFrom } from "../../../crypto/backup-cipher";
import { lockDataDir } from "../../../db/data-dir-lock";
import { createLifecycle } from "../../../http/lifecycle";
import { startInfrastructure } from "../../../infrastructure";
import { triggerRunningService } from "../cli/trigger-service";
import { restoreBackup } from "../restore-backup";
import { selectBackupTarget } from "../target/select-target";
import { verifyNewestBackup } from "../verify-backup";

const workDir = process.argv[2] as string;
const logger = pino({ level: "warn" }, pino.destination(2));

async function main(): Promise<Record<string, unknown>> {
	const env = { NODE_ENV: "test", DATA_DIR: path.join(workDir, "a"), BACKUP_KEY: randomBytes(32).toString("base64"), BACKUP_DIR: path.join(workDir, "kept"), LOG_LEVEL: "warn" };
	const config = loadConfig(env);
	const infra = await startInfrastructure(config, logger);
	const app = createApp({ config, logger, infra, lifecycle: createLifecycle() });
	await infra.queue.start();
	const server = createServer(app);
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	await infra.db.query("CREATE TABLE drill_marker (note text)");
	await infra.db.query("INSERT INTO drill_marker VALUES ('written before the backup')");
	// The running service holds the data dir, so a command cannot open it: it asks the service.
	const locked = await lockDataDir(config.dataDir, () => undefined).then(
		(lock) => lock.release().then(() => false),
		(error: { code?: string }) => error.code === "data_dir_locked",
	);
	const refused = (await fetch(`${baseUrl}/ops/backups`, { method: "POST", headers: { authorization: "Bearer not-the-token" } })).status;
	const manifest = await triggerRunningService(config, { baseUrl });
	await new Promise<void>((resolve) => server.close(() => resolve()));
	await infra.close();

	const target = selectBackupTarget(config);
	const keys = (config.backup?.keys ?? []).map(backupKeyFrom);
	const restoredDir = path.join(workDir, "b");
	await restoreBackup({ target, keys, logger, ledger: { entries: async () => [] } }, { backupId: manifest.id, into: { kind: "embedded", pgDir: path.join(restoredDir, "pg") } });
	const restored = await startInfrastructure(loadConfig({ ...env, DATA_DIR: restoredDir }), logger);
	const rows = await restored.db.query<{ note: string }>("SELECT note FROM drill_marker", { type: QueryTypes.SELECT });
	await restored.close();
	const verified = await verifyNewestBackup({ target, keys, logger, scratch: { kind: "memory" } });
	return {
		locked,
		refused,
		format: manifest.format,
		trigger: manifest.trigger,
		notes: rows.map((row) => row.note),
		verified: verified.verification.ok,
		verifiedId: verified.backupId === manifest.id,
	};
}

main().then(
	(summary) => {
		process.stdout.write(JSON.stringify(summary));
		process.exit(0);
	},
	(error: unknown) => {
		process.stderr.write(`RUN FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
