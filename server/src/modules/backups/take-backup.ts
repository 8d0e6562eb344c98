/**
 * Takes one backup: dump → encrypt (AES-256-GCM, BACKUP_KEY) → a temp file, hashed and counted on the way through
 * (the dump is never held in memory, except PGlite's own); then the file goes to the target, the manifest after it
 * (a backup without a manifest is unfinished), and retention removes what is no longer kept.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { encryptBackup } from "../../crypto/backup-cipher";
import { recordBackupSucceeded } from "../../observability/metrics";
import { readCatalog } from "./backup-catalog";
import type { TakeBackupDeps } from "./backup-deps";
import { startDump } from "./dump/dump-source";
import { type BackupManifest, backupIdFor, BACKUPS_PREFIX, dumpPath, manifestPath } from "./manifest";
import { backupsToKeep } from "./retention";

export async function takeBackup(deps: TakeBackupDeps, input: { trigger: BackupManifest["trigger"]; now?: Date }): Promise<BackupManifest> {
	const key = deps.keys[0];
	if (key === undefined) throw new Error("No backup key: set BACKUP_KEY");
	const takenAt = input.now ?? new Date();
	const id = backupIdFor(takenAt, randomBytes(2).toString("hex"));
	const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), "tbx-backup-"));
	try {
		const file = path.join(workDir, "dump.enc");
		const dump = await startDump(deps.source);
		const hash = createHash("sha256");
		let size = 0;
		const measure = new Transform({
			transform(chunk: Buffer, _encoding, done) {
				hash.update(chunk);
				size += chunk.length;
				done(null, chunk);
			},
		});
		await pipeline(dump.stream, encryptBackup(key), measure, fs.createWriteStream(file, { mode: 0o600 }));
		await dump.finished;
		await deps.target.upload(dumpPath(id), file, "application/octet-stream");
		const manifest: BackupManifest = {
			manifestVersion: 1,
			id,
			takenAt: takenAt.toISOString(),
			format: dump.format,
			size,
			sha256: hash.digest("hex"),
			keyId: key.id,
			schemaVersion: dump.schemaVersion,
			serverVersion: dump.serverVersion,
			trigger: input.trigger,
		};
		await deps.target.writeText(manifestPath(id), `${JSON.stringify(manifest, null, 2)}\n`);
		recordBackupSucceeded(takenAt);
		const removed = await applyRetention(deps, takenAt);
		deps.logger.info({ backupId: id, size, format: manifest.format, target: deps.target.kind, removed }, "backup taken");
		return manifest;
	} finally {
		await fsp.rm(workDir, { recursive: true, force: true });
	}
}

/**
 * Removes backups retention no longer keeps, and unfinished ones started a day or more before this one (a younger
 * unfinished one may be another instance's upload still under way).
 */
export async function applyRetention(deps: Pick<TakeBackupDeps, "target">, takenAt: Date): Promise<string[]> {
	const catalog = await readCatalog(deps.target);
	const keep = backupsToKeep(catalog.complete.map((manifest) => ({ id: manifest.id, takenAt: new Date(manifest.takenAt) })));
	const abandonedBefore = backupIdFor(new Date(takenAt.getTime() - 24 * 60 * 60 * 1000), "0000");
	const doomed = [...catalog.complete.map((manifest) => manifest.id).filter((id) => !keep.has(id)), ...catalog.unfinished.filter((id) => id < abandonedBefore)];
	for (const id of doomed) await deps.target.removeFolder(`${BACKUPS_PREFIX}/${id}`);
	return doomed;
}
