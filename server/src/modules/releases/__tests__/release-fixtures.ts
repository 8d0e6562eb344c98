/** Test helpers for releases: manifests made from real bytes, and the API calls that declare and upload them. */
import { createHash } from "node:crypto";
import type { ReleaseAssetType, ReleaseCreateRequest } from "@toolboxai/shared";
import request from "supertest";
import type { TestApp } from "../../../http/__tests__/harness";

export const sha = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

export interface FileSet {
	readonly place: { bytes: Buffer; fileName: string };
	readonly assets: ReadonlyArray<{ name: string; bytes: Buffer; assetType: ReleaseAssetType }>;
}

export function manifestOf(files: FileSet, extra: Partial<ReleaseCreateRequest> = {}): ReleaseCreateRequest {
	return {
		place: { sha256: sha(files.place.bytes), size: files.place.bytes.length, fileName: files.place.fileName },
		assets: files.assets.map((a) => ({ name: a.name, sha256: sha(a.bytes), size: a.bytes.length, assetType: a.assetType })),
		...extra,
	};
}

/** Credentials as headers: a person's access token or an API key. */
export type Credential = Record<string, string>;

export function createRelease(t: TestApp, credential: Credential, body: unknown): request.Test {
	return request(t.app)
		.post("/v1/releases")
		.set(credential)
		.send(body as object);
}

export function uploadFile(t: TestApp, credential: Credential, releaseId: string, sha256: string, bytes: Buffer, contentType = "application/octet-stream"): request.Test {
	return request(t.app).put(`/v1/releases/${releaseId}/files/${sha256}`).set(credential).set("Content-Type", contentType).send(bytes);
}
