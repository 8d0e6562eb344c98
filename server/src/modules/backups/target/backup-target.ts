/**
 * Where backups are kept. Files move as streams between a local file and the target (a dump can be larger than
 * memory); manifests are small text. Paths are plain relative paths (integrations/storage/object-path.ts).
 */
export interface BackupTarget {
	readonly kind: "local" | "supabase";
	/** Where it is, for messages and the production warning (a folder, or the Supabase bucket). */
	readonly description: string;
	/** False when the backups stay on this instance's own disk (the production warning). */
	readonly offInstance: boolean;
	upload(objectPath: string, fromFile: string, contentType: string): Promise<void>;
	/** False when the object does not exist. */
	download(objectPath: string, toFile: string): Promise<boolean>;
	readText(objectPath: string): Promise<string | undefined>;
	writeText(objectPath: string, text: string): Promise<void>;
	/** The names of the folders directly under `prefix` (backup ids under "backups"). */
	listFolders(prefix: string): Promise<string[]>;
	/** Removes a folder and everything in it; a missing one is fine. */
	removeFolder(prefix: string): Promise<void>;
}
