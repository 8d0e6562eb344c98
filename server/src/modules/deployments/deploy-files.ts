/**
 * The bytes a deployment sends (files the school uploaded, content-addressed in storage) and the content type
 * Roblox wants for each asset.
 */
import type { ReleaseAssetType } from "@toolboxai/shared";
import type { ObjectStorage } from "../../infrastructure.types";
import { readStoredFile } from "../releases/stored-file";

/** Through the releases module: the bytes are checked against their hash before anything is sent. */
export function readDeployFile(storage: ObjectStorage, tenantId: string, sha256: string): Promise<Buffer> {
	return readStoredFile(storage, tenantId, sha256);
}

const startsWith = (bytes: Buffer, ...prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);
const ascii = (bytes: Buffer, offset: number, text: string) => bytes.subarray(offset, offset + text.length).toString("latin1") === text;

/** The Assets API needs the file's real type (not application/octet-stream); read it from the magic bytes. */
export function assetContentType(assetType: ReleaseAssetType, bytes: Buffer, name: string): string {
	const lower = name.toLowerCase();
	if (assetType === "Image" || assetType === "Decal") {
		if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47)) return "image/png";
		if (startsWith(bytes, 0xff, 0xd8, 0xff)) return "image/jpeg";
		if (ascii(bytes, 0, "BM")) return "image/bmp";
		return "image/tga";
	}
	if (assetType === "Audio") {
		if (ascii(bytes, 0, "OggS")) return "audio/ogg";
		if (ascii(bytes, 0, "RIFF")) return "audio/wav";
		if (ascii(bytes, 0, "fLaC")) return "audio/flac";
		return "audio/mpeg";
	}
	if (ascii(bytes, 0, "glTF")) return "model/gltf-binary";
	if (lower.endsWith(".gltf")) return "model/gltf+json";
	if (ascii(bytes, 0, "Kaydara FBX") || lower.endsWith(".fbx")) return "model/fbx";
	// .rbxm and .rbxmx are both model/x-rbxm (facts sheet).
	return "model/x-rbxm";
}

/** Roblox's display name for an uploaded asset: the file's own name, within the API's length. */
export function assetDisplayName(name: string): string {
	const base = name.split("/").pop() ?? name;
	return (base === "" ? name : base).slice(0, 50);
}
