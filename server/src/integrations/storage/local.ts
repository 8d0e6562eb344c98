/**
 * Embedded storage driver: objects are files under `<dataDir>/storage/objects`, their content type in
 * `<dataDir>/storage/meta`. The service serves them at `/files/<path>` after `verify` accepts the link.
 * Tenant prefixes are the caller's job; this driver only guarantees a path stays inside its folder.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../../config/private-files";
import { AppError } from "../../errors/app-error";
import type { ObjectStorage } from "../../infrastructure.types";
import { assertObjectPath } from "./object-path";
import { loadSigningKey, sign, verifySignature } from "./signing";

export interface LocalStorageOptions {
	readonly dataDir: string;
	/** Base of signed links, e.g. http://localhost:3000 (no trailing slash needed). */
	readonly publicUrl: string;
	/** Milliseconds since the epoch, for link expiry (tests move it; default Date.now). */
	readonly now?: () => number;
}

export interface StoredObjectInfo {
	readonly contentType: string;
	readonly size: number;
}

export class LocalObjectStorage implements ObjectStorage {
	readonly driver = "local";
	private readonly objectsDir: string;
	private readonly metaDir: string;
	private readonly key: Buffer;
	private readonly publicUrl: string;
	private readonly now: () => number;

	constructor(options: LocalStorageOptions) {
		this.now = options.now ?? Date.now;
		this.objectsDir = path.resolve(options.dataDir, "storage", "objects");
		this.metaDir = path.resolve(options.dataDir, "storage", "meta");
		this.key = loadSigningKey(options.dataDir);
		this.publicUrl = options.publicUrl.replace(/\/+$/, "");
	}

	async put(objectPath: string, body: Buffer, contentType: string): Promise<void> {
		const file = this.fileFor(objectPath);
		const meta = this.metaFor(objectPath);
		await diskFailure("store", async () => {
			await writeAtomically(file, body);
			await writeAtomically(meta, Buffer.from(JSON.stringify({ contentType })));
		});
	}

	async putFile(objectPath: string, source: string, contentType: string): Promise<void> {
		const file = this.fileFor(objectPath);
		const meta = this.metaFor(objectPath);
		await diskFailure("store", async () => {
			await copyAtomically(source, file);
			await writeAtomically(meta, Buffer.from(JSON.stringify({ contentType })));
		});
	}

	async get(objectPath: string): Promise<Buffer | undefined> {
		const file = this.fileFor(objectPath);
		return diskFailure("read", async () => {
			try {
				return await fs.readFile(file);
			} catch (error) {
				if (isMissing(error)) return undefined;
				throw error;
			}
		});
	}

	/** Content type and size, for the route that serves signed links; undefined when absent. */
	async info(objectPath: string): Promise<StoredObjectInfo | undefined> {
		try {
			const [stat, meta] = await Promise.all([fs.stat(this.fileFor(objectPath)), fs.readFile(this.metaFor(objectPath), "utf8")]);
			return { size: stat.size, contentType: (JSON.parse(meta) as { contentType: string }).contentType };
		} catch (error) {
			if (isMissing(error)) return undefined;
			throw error;
		}
	}

	async remove(objectPaths: string[]): Promise<void> {
		const files = objectPaths.flatMap((objectPath) => [this.fileFor(objectPath), this.metaFor(objectPath)]);
		await diskFailure("remove", () => Promise.all(files.map((file) => fs.rm(file, { force: true }))));
	}

	async signedUrl(objectPath: string, expiresInSeconds: number): Promise<string> {
		const segments = assertObjectPath(objectPath);
		const expires = Math.floor(this.now() / 1000) + Math.max(1, Math.floor(expiresInSeconds));
		const signature = sign(this.key, objectPath, expires);
		const encoded = segments.map(encodeURIComponent).join("/");
		return `${this.publicUrl}/files/${encoded}?expires=${expires}&signature=${signature}`;
	}

	/** True when `signature` was made by signedUrl for this path and `expires` (Unix seconds) is still ahead. */
	verify(objectPath: string, expires: number, signature: string): boolean {
		assertObjectPath(objectPath);
		return verifySignature(this.key, objectPath, expires, signature, this.now());
	}

	private fileFor(objectPath: string): string {
		return inside(this.objectsDir, assertObjectPath(objectPath));
	}

	private metaFor(objectPath: string): string {
		return `${inside(this.metaDir, assertObjectPath(objectPath))}.json`;
	}
}

/** Second wall after assertObjectPath: the resolved file must still sit under `root`. */
function inside(root: string, segments: string[]): string {
	const file = path.resolve(root, ...segments);
	if (!file.startsWith(root + path.sep)) throw new Error(`Storage path escapes its folder: ${segments.join("/")}`);
	return file;
}

/** Write to a temp file then rename: a reader never sees half an object. */
async function writeAtomically(file: string, body: Buffer): Promise<void> {
	await fs.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
	const temp = `${file}.${crypto.randomUUID()}.tmp`;
	try {
		await fs.writeFile(temp, body, { mode: PRIVATE_FILE_MODE });
		await fs.rename(temp, file);
	} catch (error) {
		await fs.rm(temp, { force: true });
		throw error;
	}
}

/** Copy to a temp file then rename (the kernel copies: nothing passes through memory as one buffer). */
async function copyAtomically(source: string, file: string): Promise<void> {
	await fs.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
	const temp = `${file}.${crypto.randomUUID()}.tmp`;
	try {
		await fs.copyFile(source, temp);
		await fs.chmod(temp, PRIVATE_FILE_MODE);
		await fs.rename(temp, file);
	} catch (error) {
		await fs.rm(temp, { force: true });
		throw error;
	}
}

/**
 * A disk that refuses (full, read-only, a file where a folder should be) is the same to clients as Supabase being
 * down: 503 unavailable, with the original error kept as `cause` for the log and no path in the message.
 */
async function diskFailure<T>(action: "store" | "read" | "remove", fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		throw Object.assign(new AppError("unavailable", `File storage could not ${action} the file; try again shortly.`), { cause: error });
	}
}

function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === "ENOENT" || code === "ENOTDIR";
}
