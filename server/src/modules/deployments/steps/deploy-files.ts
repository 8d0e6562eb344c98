/**
 * The bytes a deployment sends (files the school uploaded, content-addressed in storage) and the content type
 * Roblox wants for each asset.
 */
import type { ReleaseAssetType } from "@toolboxai/shared";
import type { ObjectStorage } from "../../../infrastructure.types";
import { AppError } from "../../../errors/app-error";
import { checkFile, readStoredFile } from "../../releases";

/** Through the releases module: the bytes are checked against their hash before anything is sent. */
export function readDeployFile(storage: ObjectStorage, tenantId: string, sha256: string): Promise<Buffer> {
	return readStoredFile(storage, tenantId, sha256);
}

/**
 * The Assets API needs the file's real type (not application/octet-stream): the one the release's file rules
 * recognised from its magic bytes, so the upload check and the deploy cannot disagree.
 */
export function assetContentType(assetType: ReleaseAssetType, bytes: Buffer, name: string): string {
	const verdict = checkFile({ kind: "asset", assetType }, bytes);
	if (!verdict.ok) throw new AppError("file_rejected", `${name}: ${verdict.problem}`);
	return verdict.contentType;
}

/** Roblox's display name for an uploaded asset: the file's own name, within the API's length. */
export function assetDisplayName(name: string): string {
	const base = name.split("/").pop() ?? name;
	return (base === "" ? name : base).slice(0, 50);
}
