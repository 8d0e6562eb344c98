/**
 * Production storage driver: Supabase Storage through @supabase/supabase-js (storage-js underneath), one private
 * bucket, the service role key. Same contract as the local driver: plain relative paths only (object-path.ts),
 * `get` of a missing object is undefined, signed links point at Supabase and expire there.
 * Errors never carry Supabase's words to clients: busy/unreachable → 503 unavailable, anything else → 502
 * upstream_failed; the original error stays as `cause` for the log.
 */
import { createReadStream } from "node:fs";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import { AppError } from "../../errors/app-error";
import type { ObjectStorage } from "../../infrastructure.types";
import { assertObjectPath } from "./object-path";
import { DEFAULT_RETRY_POLICY, resilientFetch, type RetryPolicy } from "./resilient-fetch";

export interface SupabaseStorageOptions {
	/** The project URL, e.g. https://abcd.supabase.co (SUPABASE_URL). */
	readonly url: string;
	/** SUPABASE_SERVICE_ROLE_KEY: bypasses Storage's row-level policies, so the bucket can stay private. */
	readonly serviceRoleKey: string;
	readonly bucket: string;
	readonly retry?: Partial<RetryPolicy>;
}

/** What storage-js reports: StorageApiError (status, statusCode from the body) or StorageUnknownError (no answer). */
interface StorageErrorLike {
	readonly name?: string;
	readonly message?: string;
	readonly status?: number;
	readonly statusCode?: string;
}

type Action = "store" | "read" | "remove" | "sign";

export class SupabaseObjectStorage implements ObjectStorage {
	readonly driver = "supabase";
	private readonly bucket: ReturnType<ReturnType<typeof createClient>["storage"]["from"]>;

	constructor(options: SupabaseStorageOptions) {
		const client = createClient(options.url, options.serviceRoleKey, {
			// Node 20 has no global WebSocket: without a transport createClient throws (realtime is never used here).
			realtime: { transport: ws as never },
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
			global: { fetch: resilientFetch({ ...DEFAULT_RETRY_POLICY, ...options.retry }) },
		});
		this.bucket = client.storage.from(options.bucket);
	}

	async put(path: string, body: Buffer, contentType: string): Promise<void> {
		assertObjectPath(path);
		const { error } = await this.bucket.upload(path, body, { contentType, upsert: true });
		if (error !== null) throw storageFailure("store", error);
	}

	async putFile(path: string, file: string, contentType: string): Promise<void> {
		assertObjectPath(path);
		// A Node stream as the body (duplex "half" is what fetch needs for a streamed request body).
		const { error } = await this.bucket.upload(path, createReadStream(file), { contentType, upsert: true, duplex: "half" });
		if (error !== null) throw storageFailure("store", error);
	}

	async get(path: string): Promise<Buffer | undefined> {
		assertObjectPath(path);
		const { data, error } = await this.bucket.download(path);
		if (error !== null) {
			if (isNotFound(error)) return undefined;
			throw storageFailure("read", error);
		}
		return Buffer.from(await data.arrayBuffer());
	}

	async remove(paths: string[]): Promise<void> {
		for (const path of paths) assertObjectPath(path);
		if (paths.length === 0) return;
		const { error } = await this.bucket.remove(paths);
		if (error !== null) throw storageFailure("remove", error);
	}

	async signedUrl(path: string, expiresInSeconds: number): Promise<string> {
		assertObjectPath(path);
		const { data, error } = await this.bucket.createSignedUrl(path, Math.max(1, Math.floor(expiresInSeconds)));
		if (error !== null) throw storageFailure("sign", error);
		return data.signedUrl;
	}
}

/** Storage answers a missing object with 404, or (older versions) HTTP 400 whose body says statusCode "404". */
function isNotFound(error: StorageErrorLike): boolean {
	return error.status === 404 || error.statusCode === "404" || error.statusCode === "NoSuchKey";
}

function storageFailure(action: Action, error: StorageErrorLike): AppError {
	const busy = error.status === undefined || error.status === 429 || error.status === 503 || error.status === 504;
	const appError = busy
		? new AppError("unavailable", `File storage is busy or not answering (could not ${action} the file); try again shortly.`)
		: new AppError("upstream_failed", `File storage refused to ${action} the file; the service's storage settings may be wrong.`);
	return Object.assign(appError, { cause: { name: error.name, status: error.status, statusCode: error.statusCode, message: error.message?.slice(0, 300) } });
}
