import type { ReleaseAssetType } from "@toolboxai/shared";

/** The asset type Roblox gets for each file extension (lower case, without the dot). */
const ASSET_TYPE_BY_EXTENSION: Readonly<Record<string, ReleaseAssetType>> = {
	png: "Image",
	jpg: "Image",
	jpeg: "Image",
	bmp: "Image",
	tga: "Image",
	mp3: "Audio",
	ogg: "Audio",
	wav: "Audio",
	flac: "Audio",
	rbxm: "Model",
	rbxmx: "Model",
	fbx: "Model",
	glb: "Model",
	gltf: "Model",
};

export const KNOWN_ASSET_EXTENSIONS = Object.keys(ASSET_TYPE_BY_EXTENSION);

/** The asset type of a file by its extension (case-insensitive), or undefined when ToolBoxAI does not upload that kind. */
export function assetTypeOf(fileName: string): ReleaseAssetType | undefined {
	const dot = fileName.lastIndexOf(".");
	if (dot <= 0 || dot === fileName.length - 1) return undefined;
	return ASSET_TYPE_BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()];
}

/** Place files Roblox publishes: binary .rbxl or XML .rbxlx. */
export function isPlaceFileName(fileName: string): boolean {
	return /\.rbxlx?$/i.test(fileName);
}
