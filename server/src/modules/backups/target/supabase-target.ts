/**
 * Backups in the Supabase Storage bucket the service already uses (under backups/): off the instance. Uploads stream
 * the file (storage-js sends a Node stream as a half-duplex body) and a failed upload is retried from the file's start,
 * so this client has no retrying fetch of its own (a stream cannot be replayed). Downloads go through a short signed
 * link and stream to disk.
 */
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import { PRIVATE_FILE_MODE } from "../../../config/private-files";
import type { SupabaseSettings } from "../../../config/config";
import { assertObjectPath } from "../../../integrations/storage/object-path";
import type { BackupTarget } from "./backup-target";

const UPLOAD_ATTEMPTS = 3;
const LIST_LIMIT = 1000;

interface StorageErrorLike {
	readonly message?: string;
	readonly status?: number;
	readonly statusCode?: string;
}

export class SupabaseBackupTarget implements BackupTarget {
	readonly kind = "supabase";
	readonly offInstance = true;
	readonly description: string;
	private readonly bucket: ReturnType<ReturnType<typeof createClient>["storage"]["from"]>;

	constructor(settings: SupabaseSettings) {
		const client = createClient(settings.url, settings.serviceRoleKey, {
			realtime: { transport: ws as never },
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		});
		this.bucket = client.storage.from(settings.bucket);
		this.description = `the Supabase Storage bucket ${settings.bucket}`;
	}

	async upload(objectPath: string, fromFile: string, contentType: string): Promise<void> {
		assertObjectPath(objectPath);
		let last: StorageErrorLike | undefined;
		for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
			const { error } = await this.bucket.upload(objectPath, fs.createReadStream(fromFile), { contentType, upsert: true, duplex: "half" });
			if (error === null) return;
			last = error;
		}
		throw failure("upload", objectPath, last);
	}

	async download(objectPath: string, toFile: string): Promise<boolean> {
		assertObjectPath(objectPath);
		const { data, error } = await this.bucket.createSignedUrl(objectPath, 300);
		if (error !== null) {
			if (isNotFound(error)) return false;
			throw failure("sign a link to", objectPath, error);
		}
		const response = await fetch(data.signedUrl);
		if (response.status === 404 || response.status === 400) return false;
		if (!response.ok || response.body === null) throw failure("download", objectPath, { status: response.status });
		await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), fs.createWriteStream(toFile, { mode: PRIVATE_FILE_MODE }));
		return true;
	}

	async readText(objectPath: string): Promise<string | undefined> {
		assertObjectPath(objectPath);
		const { data, error } = await this.bucket.download(objectPath);
		if (error !== null) {
			if (isNotFound(error)) return undefined;
			throw failure("read", objectPath, error);
		}
		return data.text();
	}

	async writeText(objectPath: string, text: string): Promise<void> {
		assertObjectPath(objectPath);
		const { error } = await this.bucket.upload(objectPath, Buffer.from(text), { contentType: "application/json", upsert: true });
		if (error !== null) throw failure("write", objectPath, error);
	}

	async listFolders(prefix: string): Promise<string[]> {
		assertObjectPath(prefix);
		const { data, error } = await this.bucket.list(prefix, { limit: LIST_LIMIT });
		if (error !== null) throw failure("list", prefix, error);
		// Storage lists a folder as an entry without an id.
		return data.filter((entry) => entry.id === null).map((entry) => entry.name);
	}

	async removeFolder(prefix: string): Promise<void> {
		assertObjectPath(prefix);
		const { data, error } = await this.bucket.list(prefix, { limit: LIST_LIMIT });
		if (error !== null) throw failure("list", prefix, error);
		const files = data.filter((entry) => entry.id !== null).map((entry) => `${prefix}/${entry.name}`);
		if (files.length === 0) return;
		const removed = await this.bucket.remove(files);
		if (removed.error !== null) throw failure("remove", prefix, removed.error);
	}
}

function isNotFound(error: StorageErrorLike): boolean {
	return error.status === 404 || error.statusCode === "404" || error.statusCode === "NoSuchKey" || /not found/i.test(error.message ?? "");
}

function failure(action: string, objectPath: string, error: StorageErrorLike | undefined): Error {
	const status = error?.status === undefined ? "" : ` (HTTP ${error.status})`;
	return new Error(`Supabase Storage did not ${action} ${objectPath}${status}: ${error?.message?.slice(0, 200) ?? "no answer"}`);
}
