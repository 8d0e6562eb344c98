/** The backups a target holds: each complete one has a manifest; a folder without one is an upload that failed. */
import { BACKUP_ID, BACKUPS_PREFIX, backupManifestSchema, type BackupManifest, manifestPath } from "./manifest";
import type { BackupTarget } from "./target/backup-target";

export interface Catalog {
	/** Complete backups, newest first. */
	readonly complete: BackupManifest[];
	/** Folders of backups that never finished (no manifest). */
	readonly unfinished: string[];
}

export async function readCatalog(target: BackupTarget): Promise<Catalog> {
	const ids = (await target.listFolders(BACKUPS_PREFIX)).filter((name) => BACKUP_ID.test(name));
	const complete: BackupManifest[] = [];
	const unfinished: string[] = [];
	for (const id of ids) {
		const manifest = await readManifest(target, id);
		if (manifest === undefined) unfinished.push(id);
		else complete.push(manifest);
	}
	complete.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
	return { complete, unfinished };
}

export async function readManifest(target: BackupTarget, id: string): Promise<BackupManifest | undefined> {
	const text = await target.readText(manifestPath(id));
	if (text === undefined) return undefined;
	return backupManifestSchema.parse(JSON.parse(text));
}

export async function newestBackup(target: BackupTarget): Promise<BackupManifest | undefined> {
	return (await readCatalog(target)).complete[0];
}
