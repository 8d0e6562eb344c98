import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { ReleaseAsset, ReleaseCreateRequest } from "@toolboxai/shared";
import { usageError } from "../cli-error";
import { assetTypeOf, isPlaceFileName, KNOWN_ASSET_EXTENSIONS } from "./asset-types";
import { hashFile } from "./hash-file";

/** The release manifest plus where each hashed file is on disk, so the uploads can find the bytes by hash. */
export interface LocalRelease {
	readonly manifest: ReleaseCreateRequest;
	/** sha256 → a local path holding those bytes (one path per distinct content). */
	readonly pathsBySha: ReadonlyMap<string, string>;
}

export type ManifestProgress = (done: number, total: number) => void;

/** Every regular file under `dir`, as paths relative to it with forward slashes, sorted; names starting with "." skipped. */
export async function listAssetFiles(dir: string): Promise<string[]> {
	const found: string[] = [];
	// Real paths of the folders walked: a symbolic link back up the tree must not loop for ever.
	const seen = new Set<string>();
	async function walk(relative: string): Promise<void> {
		const real = await realpath(path.join(dir, relative));
		if (seen.has(real)) return;
		seen.add(real);
		const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
		for (const entry of entries) {
			if (entry.name.startsWith(".")) continue; // .DS_Store, .gitkeep: never assets
			const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
			if (entry.isDirectory()) await walk(child);
			else if (entry.isFile()) found.push(child);
			else if (entry.isSymbolicLink()) {
				const target = await stat(path.join(dir, child));
				if (target.isDirectory()) await walk(child);
				else if (target.isFile()) found.push(child);
			}
		}
	}
	await walk("");
	return found.sort();
}

async function requireFile(file: string, what: string): Promise<void> {
	const info = await stat(file).catch(() => undefined);
	if (info === undefined) throw usageError(`${what} not found: ${file}`);
	if (!info.isFile()) throw usageError(`${what} is not a file: ${file}`);
	if (info.size === 0) throw usageError(`${what} is empty: ${file}`);
}

/**
 * Hashes the place and every asset into a release manifest. Problems a person must fix in the command line or the
 * folder (missing place, unknown extension, empty file) are usage errors naming the file; nothing is sent.
 */
export async function buildManifest(options: { readonly place: string; readonly assets?: string; readonly onProgress?: ManifestProgress }): Promise<LocalRelease> {
	const placeName = path.basename(options.place);
	if (!isPlaceFileName(placeName)) throw usageError(`--place must be a .rbxl or .rbxlx file, not ${options.place}`);
	await requireFile(options.place, "Place file");

	const assetFiles: Array<{ name: string; file: string; assetType: ReleaseAsset["assetType"] }> = [];
	if (options.assets !== undefined) {
		const dirInfo = await stat(options.assets).catch(() => undefined);
		if (dirInfo === undefined || !dirInfo.isDirectory()) throw usageError(`--assets must be a folder: ${options.assets}`);
		for (const name of await listAssetFiles(options.assets)) {
			const assetType = assetTypeOf(name);
			if (assetType === undefined) {
				throw usageError(`Unknown asset type: ${path.join(options.assets, name)} (known extensions: ${KNOWN_ASSET_EXTENSIONS.join(", ")}).`);
			}
			assetFiles.push({ name, file: path.join(options.assets, name), assetType });
		}
	}

	const total = 1 + assetFiles.length;
	let done = 0;
	options.onProgress?.(done, total);
	const pathsBySha = new Map<string, string>();
	const place = await hashFile(options.place);
	pathsBySha.set(place.sha256, options.place);
	options.onProgress?.(++done, total);
	const assets: ReleaseAsset[] = [];
	for (const asset of assetFiles) {
		const digest = await hashFile(asset.file);
		if (digest.size === 0) throw usageError(`Asset is empty: ${asset.file}`);
		if (!pathsBySha.has(digest.sha256)) pathsBySha.set(digest.sha256, asset.file);
		assets.push({ name: asset.name, sha256: digest.sha256, size: digest.size, assetType: asset.assetType });
		options.onProgress?.(++done, total);
	}
	return { manifest: { place: { sha256: place.sha256, size: place.size, fileName: placeName }, assets }, pathsBySha };
}
