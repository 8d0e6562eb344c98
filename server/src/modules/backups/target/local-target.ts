/** Backups in a folder: DATA_DIR/backups by default, or BACKUP_DIR (a mounted volume, a network share). */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../../../config/private-files";
import { assertObjectPath } from "../../../integrations/storage/object-path";
import type { BackupTarget } from "./backup-target";

export class LocalBackupTarget implements BackupTarget {
	readonly kind = "local";
	readonly description: string;

	constructor(
		private readonly root: string,
		readonly offInstance: boolean,
	) {
		this.root = path.resolve(root);
		this.description = `the folder ${this.root}`;
	}

	async upload(objectPath: string, fromFile: string): Promise<void> {
		const file = this.fileFor(objectPath);
		await fsp.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
		const temp = `${file}.partial`;
		try {
			await pipeline(fs.createReadStream(fromFile), fs.createWriteStream(temp, { mode: PRIVATE_FILE_MODE }));
			await fsp.rename(temp, file);
		} finally {
			await fsp.rm(temp, { force: true });
		}
	}

	async download(objectPath: string, toFile: string): Promise<boolean> {
		const file = this.fileFor(objectPath);
		if (!fs.existsSync(file)) return false;
		await pipeline(fs.createReadStream(file), fs.createWriteStream(toFile, { mode: PRIVATE_FILE_MODE }));
		return true;
	}

	async readText(objectPath: string): Promise<string | undefined> {
		try {
			return await fsp.readFile(this.fileFor(objectPath), "utf8");
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
			throw error;
		}
	}

	async writeText(objectPath: string, text: string): Promise<void> {
		const file = this.fileFor(objectPath);
		await fsp.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
		await fsp.writeFile(`${file}.partial`, text, { mode: PRIVATE_FILE_MODE });
		await fsp.rename(`${file}.partial`, file);
	}

	async listFolders(prefix: string): Promise<string[]> {
		try {
			const entries = await fsp.readdir(this.fileFor(prefix), { withFileTypes: true });
			return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
			throw error;
		}
	}

	async removeFolder(prefix: string): Promise<void> {
		await fsp.rm(this.fileFor(prefix), { recursive: true, force: true });
	}

	private fileFor(objectPath: string): string {
		const file = path.resolve(this.root, ...assertObjectPath(objectPath));
		if (!file.startsWith(this.root + path.sep)) throw new Error(`Backup path escapes its folder: ${objectPath}`);
		return file;
	}
}
