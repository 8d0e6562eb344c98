/**
 * Request builders: one pure function per Open Cloud operation, producing the exact request (URL, headers,
 * bytes) plus a description for dry-run. Both transports get the same object, so the dry-run file shows exactly
 * what a live deploy would send. Paths and shapes follow /work/shared/facts/roblox-open-cloud.md.
 */
import crypto from "node:crypto";
import { OpenCloudError } from "./errors";
import type { EndpointGroup } from "./rate-limit";
import type { OpenCloudRequest } from "./wire";

export interface BuiltRequest extends OpenCloudRequest {
	/** Which rate-limit bucket this request spends from. */
	readonly group: EndpointGroup;
	/**
	 * Whether sending it twice is harmless. Creating an asset is not (a timed-out create may have succeeded, and a
	 * retry would upload the file twice), so it is retried only on 429, which Roblox answers before doing anything.
	 */
	readonly idempotent: boolean;
}

export interface RequestTarget {
	readonly baseUrl: string;
	readonly apiKey: string;
}

export const MESSAGE_MAX_CHARS = 1024;
export const TOPIC_MAX_CHARS = 80;
export const ASSET_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const ASSET_DESCRIPTION_MAX_CHARS = 1000;
export const DATA_STORE_VALUE_MAX_CHARS = 4_194_304;

export type AssetType = "Model" | "Decal" | "Image" | "Audio" | "Animation" | "Video";
export type AssetCreator = { readonly userId: string } | { readonly groupId: string };

function invalid(message: string): OpenCloudError {
	return new OpenCloudError({ status: 0, code: "client_validation", message, retryable: false });
}

function url(target: RequestTarget, path: string, query?: Record<string, string>): string {
	const base = target.baseUrl.replace(/\/+$/, "");
	const search = query === undefined ? "" : `?${new URLSearchParams(query).toString()}`;
	return `${base}${path}${search}`;
}

function segment(value: string | number, what: string): string {
	const text = String(value);
	if (!/^\d+$/.test(text)) throw invalid(`${what} must be a numeric Roblox id (got ${JSON.stringify(text)})`);
	return text;
}

function sha256(bytes: Uint8Array | string): string {
	return crypto.createHash("sha256").update(bytes).digest("hex");
}

/**
 * multipart/form-data with the two parts the Assets API reads: `request` (JSON) and `fileContent` (the bytes).
 * Built by hand rather than with FormData so the bytes (and the boundary, derived from the file's hash) are the
 * same in dry-run and live, and the fake can check them.
 */
function multipart(request: unknown, file: { bytes: Uint8Array; contentType: string; fileName: string }) {
	const fileHash = sha256(file.bytes);
	const boundary = `toolboxai-${fileHash.slice(0, 32)}`;
	const head =
		`--${boundary}\r\nContent-Disposition: form-data; name="request"\r\nContent-Type: application/json\r\n\r\n` +
		`${JSON.stringify(request)}\r\n` +
		`--${boundary}\r\nContent-Disposition: form-data; name="fileContent"; filename="${file.fileName.replace(/["\r\n]/g, "_")}"\r\n` +
		`Content-Type: ${file.contentType}\r\n\r\n`;
	const body = Buffer.concat([Buffer.from(head, "utf8"), Buffer.from(file.bytes), Buffer.from(`\r\n--${boundary}--\r\n`, "utf8")]);
	const description = `multipart/form-data: request ${JSON.stringify(request)}; fileContent ${file.fileName} (${file.contentType}, ${file.bytes.length} bytes, sha256 ${fileHash})`;
	return { body, contentType: `multipart/form-data; boundary=${boundary}`, description };
}

export interface AssetFile {
	readonly bytes: Uint8Array;
	/** e.g. image/png, audio/mpeg, model/x-rbxm. */
	readonly contentType: string;
	readonly fileName: string;
}

function checkAssetFile(file: AssetFile, description: string | undefined): void {
	if (file.bytes.length > ASSET_FILE_MAX_BYTES) throw invalid(`${file.fileName} is ${file.bytes.length} bytes; the Assets API takes at most 20 MB per file`);
	if (description !== undefined && description.length > ASSET_DESCRIPTION_MAX_CHARS) {
		throw invalid(`An asset description is at most ${ASSET_DESCRIPTION_MAX_CHARS} characters (got ${description.length})`);
	}
}

export interface CreateAssetInput {
	readonly assetType: AssetType;
	readonly displayName: string;
	readonly description?: string;
	readonly creator: AssetCreator;
	readonly file: AssetFile;
}

/** POST /assets/v1/assets (multipart) -> an Operation. */
export function createAssetRequest(target: RequestTarget, input: CreateAssetInput): BuiltRequest {
	checkAssetFile(input.file, input.description);
	const form = multipart(
		{
			assetType: input.assetType,
			displayName: input.displayName,
			description: input.description ?? "",
			creationContext: { creator: input.creator },
		},
		input.file,
	);
	return {
		group: "assets-write",
		idempotent: false,
		method: "POST",
		url: url(target, "/assets/v1/assets"),
		headers: { "x-api-key": target.apiKey, "Content-Type": form.contentType },
		body: form.body,
		bodyDescription: form.description,
	};
}

export interface UpdateAssetInput {
	readonly assetId: string;
	readonly displayName?: string;
	readonly description?: string;
	/** New content: Models only (Audio, Decal/Image, Mesh, Video cannot be updated; upload a new asset). */
	readonly file: AssetFile;
}

/** PATCH /assets/v1/assets/{assetId}?updateMask=... (multipart) -> an Operation. */
export function updateAssetRequest(target: RequestTarget, input: UpdateAssetInput): BuiltRequest {
	const assetId = segment(input.assetId, "assetId");
	checkAssetFile(input.file, input.description);
	const request: Record<string, string> = { assetId };
	const mask: string[] = [];
	if (input.displayName !== undefined) {
		request.displayName = input.displayName;
		mask.push("displayName");
	}
	if (input.description !== undefined) {
		request.description = input.description;
		mask.push("description");
	}
	const form = multipart(request, input.file);
	return {
		group: "assets-write",
		idempotent: true,
		method: "PATCH",
		url: url(target, `/assets/v1/assets/${assetId}`, mask.length === 0 ? undefined : { updateMask: mask.join(",") }),
		headers: { "x-api-key": target.apiKey, "Content-Type": form.contentType },
		body: form.body,
		bodyDescription: form.description,
	};
}

/** GET /assets/v1/operations/{operationId}. */
export function getOperationRequest(target: RequestTarget, operationId: string): BuiltRequest {
	if (!/^[A-Za-z0-9_-]+$/.test(operationId)) throw invalid(`Not an operation id: ${JSON.stringify(operationId)}`);
	return {
		group: "assets-operations",
		idempotent: true,
		method: "GET",
		url: url(target, `/assets/v1/operations/${operationId}`),
		headers: { "x-api-key": target.apiKey },
	};
}

export type VersionType = "Saved" | "Published";

export interface PublishPlaceInput {
	readonly universeId: string;
	readonly placeId: string;
	readonly versionType: VersionType;
	/** A binary .rbxl (rojo build output). */
	readonly placeFile: Uint8Array;
}

/** POST /universes/v1/{u}/places/{p}/versions?versionType=..., raw bytes as application/octet-stream. */
export function publishPlaceRequest(target: RequestTarget, input: PublishPlaceInput): BuiltRequest {
	const universeId = segment(input.universeId, "universeId");
	const placeId = segment(input.placeId, "placeId");
	if (input.versionType !== "Saved" && input.versionType !== "Published") throw invalid(`versionType must be Saved or Published`);
	return {
		// A repeated publish of the same file makes one more identical version: harmless, so retried.
		group: "place-publish",
		idempotent: true,
		method: "POST",
		url: url(target, `/universes/v1/${universeId}/places/${placeId}/versions`, { versionType: input.versionType }),
		headers: { "x-api-key": target.apiKey, "Content-Type": "application/octet-stream" },
		body: input.placeFile,
		bodyDescription: `place file, ${input.placeFile.length} bytes, sha256 ${sha256(input.placeFile)}`,
	};
}

export interface PublishMessageInput {
	readonly universeId: string;
	readonly topic: string;
	/** A string; JSON-encode objects first. */
	readonly message: string;
}

/** POST /cloud/v2/universes/{u}:publishMessage {topic, message}; limits checked before anything is sent. */
export function publishMessageRequest(target: RequestTarget, input: PublishMessageInput): BuiltRequest {
	const universeId = segment(input.universeId, "universeId");
	if (input.topic.length === 0 || input.topic.length > TOPIC_MAX_CHARS) {
		throw invalid(`A messaging topic is 1 to ${TOPIC_MAX_CHARS} characters (got ${input.topic.length})`);
	}
	if (input.message.length > MESSAGE_MAX_CHARS) {
		throw invalid(`A message is at most ${MESSAGE_MAX_CHARS} characters (got ${input.message.length}); send an id and let servers fetch the rest`);
	}
	const body = JSON.stringify({ topic: input.topic, message: input.message });
	return {
		group: "messaging",
		idempotent: true,
		method: "POST",
		url: url(target, `/cloud/v2/universes/${universeId}:publishMessage`),
		headers: { "x-api-key": target.apiKey, "Content-Type": "application/json" },
		body,
		bodyDescription: body,
	};
}

export interface WriteEntryInput {
	readonly universeId: string;
	readonly dataStore: string;
	readonly scope?: string;
	readonly entryId: string;
	readonly value: unknown;
	readonly attributes?: Record<string, unknown>;
}

/**
 * Lesson content goes to a data store v2 entry, not Experience Configs: one entry per lesson scales to every
 * lesson of a tenant (Configs hold 100 keys in all, and publishing them is limited to 10/min), an entry holds
 * up to 4 MB of JSON, games already read data stores, and our own releases keep every content version, so
 * Configs' revision history adds nothing that rollback needs. PATCH with allowMissing=true upserts and replaces
 * the whole entry, so a repeated write is harmless.
 */
export function writeDataStoreEntryRequest(target: RequestTarget, input: WriteEntryInput): BuiltRequest {
	const universeId = segment(input.universeId, "universeId");
	if (input.dataStore === "" || input.entryId === "") throw invalid("A data store name and entry id are required");
	const value = JSON.stringify({ value: input.value, ...(input.attributes === undefined ? {} : { attributes: input.attributes }) });
	if (value.length > DATA_STORE_VALUE_MAX_CHARS) throw invalid(`A data store entry is at most 4 MB of JSON (got ${value.length} characters)`);
	const scope = input.scope === undefined ? "" : `/scopes/${encodeURIComponent(input.scope)}`;
	return {
		group: "data-stores",
		idempotent: true,
		method: "PATCH",
		url: url(target, `/cloud/v2/universes/${universeId}/data-stores/${encodeURIComponent(input.dataStore)}${scope}/entries/${encodeURIComponent(input.entryId)}`, {
			allowMissing: "true",
		}),
		headers: { "x-api-key": target.apiKey, "Content-Type": "application/json" },
		body: value,
		bodyDescription: `${value.length > 2000 ? `${value.slice(0, 2000)}… (${value.length} characters, sha256 ${sha256(value)})` : value}`,
	};
}

/**
 * POST /api-keys/v1/introspect {"apiKey"}: what a key is (name, owner, scopes, enabled, expired). The key travels
 * in the body (the docs send no x-api-key header); the body description names only its last four characters, so
 * a dry-run record or a log line never holds the key.
 */
export function introspectKeyRequest(target: Pick<RequestTarget, "baseUrl">, apiKey: string): BuiltRequest {
	if (apiKey.trim() === "") throw invalid("An API key is required to introspect it");
	return {
		group: "api-keys",
		idempotent: true,
		method: "POST",
		url: url({ baseUrl: target.baseUrl, apiKey: "" }, "/api-keys/v1/introspect"),
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ apiKey }),
		bodyDescription: `{"apiKey": "…${apiKey.slice(-4)}"}`,
	};
}
