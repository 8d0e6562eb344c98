/**
 * What a release's files must be, checked on upload by their bytes (never by the name the client gives) and size.
 * Limits and formats are Roblox's (../shared/facts/roblox-open-cloud.md), so a file that passes here is one Open
 * Cloud can take: refusing it at upload beats a deploy failing halfway.
 */
import type { ReleaseAssetType } from "@toolboxai/shared";
import { imageDimensions } from "./image-dimensions";

/** Place publishing: the Open Cloud spec's `x-roblox-size-limit: 10485760` (10 MiB; the prose states none). */
export const PLACE_MAX_BYTES = 10 * 1024 * 1024;
/** Assets API: "file <= 20 MB per call". Read as decimal megabytes, the stricter reading, so nothing we accept is refused. */
export const ASSET_MAX_BYTES = 20 * 1000 * 1000;
/** Images and decals: Roblox takes images under 8000 x 8000 pixels. */
export const IMAGE_MAX_SIDE = 7999;

/** The role a file plays in a release: its place (format from the file name) or an asset of one type. */
export type FileRole = { readonly kind: "place"; readonly fileName: string } | { readonly kind: "asset"; readonly assetType: ReleaseAssetType };

export type FileVerdict = { readonly ok: true; readonly contentType: string } | { readonly ok: false; readonly problem: string };

/** The largest file the role admits. */
export function maxBytesFor(role: FileRole): number {
	return role.kind === "place" ? PLACE_MAX_BYTES : ASSET_MAX_BYTES;
}

/** .rbxl is the binary place format, .rbxlx the XML one; anything else is not a place file. */
export function placeFormatOf(fileName: string): "binary" | "xml" | undefined {
	const lower = fileName.toLowerCase();
	if (lower.endsWith(".rbxl")) return "binary";
	if (lower.endsWith(".rbxlx")) return "xml";
	return undefined;
}

interface Format {
	readonly name: string;
	/** What Open Cloud is sent as the file's Content-Type. */
	readonly contentType: string;
	readonly matches: (bytes: Buffer) => boolean;
}

const startsWith = (bytes: Buffer, prefix: ReadonlyArray<number> | string, offset = 0) => {
	const expected = typeof prefix === "string" ? Buffer.from(prefix, "latin1") : Buffer.from(prefix);
	return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
};

/** Roblox binary files (.rbxl places, .rbxm models): `<roblox!` then the PNG-style 89 FF 0D 0A 1A 0A guard bytes. */
const ROBLOX_BINARY: Format = {
	name: "a binary Roblox file (<roblox! header)",
	contentType: "application/octet-stream",
	matches: (b) => startsWith(b, [...Buffer.from("<roblox!"), 0x89, 0xff, 0x0d, 0x0a, 0x1a, 0x0a]),
};

/** Roblox XML files (.rbxlx, .rbxmx): the `<roblox` root element, after an optional BOM and blank space. */
function isRobloxXml(bytes: Buffer): boolean {
	let at = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
	while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
	if (!startsWith(bytes, "<roblox", at)) return false;
	const next = bytes[at + 7];
	return next === 0x20 || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d;
}
const ROBLOX_XML: Format = { name: "a Roblox XML file (<roblox> root)", contentType: "application/xml", matches: isRobloxXml };

const PNG: Format = { name: "PNG", contentType: "image/png", matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) };
const JPEG: Format = { name: "JPEG", contentType: "image/jpeg", matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) };
/** "BM" alone is two letters of text: the DIB header's own size (one of the defined headers) must follow. */
const BMP: Format = {
	name: "BMP",
	contentType: "image/bmp",
	matches: (b) => startsWith(b, "BM") && b.length >= 18 && [12, 16, 40, 52, 56, 64, 108, 124].includes(b.readUInt32LE(14)),
};
/** TGA has no leading magic: the 2.0 footer, or a header whose fields all hold defined values. */
function isTga(b: Buffer): boolean {
	if (b.length >= 26 && b.subarray(b.length - 18).equals(Buffer.from("TRUEVISION-XFILE.\0", "latin1"))) return true;
	if (b.length < 18) return false;
	const colorMapType = b[1] as number;
	const imageType = b[2] as number;
	const depth = b[16] as number;
	return colorMapType <= 1 && [1, 2, 3, 9, 10, 11].includes(imageType) && b.readUInt16LE(12) > 0 && b.readUInt16LE(14) > 0 && [8, 15, 16, 24, 32].includes(depth);
}
const TGA: Format = { name: "TGA", contentType: "image/tga", matches: isTga };

/** MP3: an ID3v2 tag, or an MPEG audio frame header (sync bits set, no reserved version, layer, bitrate or rate). */
function isMp3(b: Buffer): boolean {
	if (startsWith(b, "ID3")) return true;
	if (b.length < 4 || b[0] !== 0xff) return false;
	const b1 = b[1] as number;
	const b2 = b[2] as number;
	return (b1 & 0xe0) === 0xe0 && ((b1 >> 3) & 0x03) !== 0x01 && ((b1 >> 1) & 0x03) !== 0x00 && b2 >> 4 !== 0x0f && ((b2 >> 2) & 0x03) !== 0x03;
}
const MP3: Format = { name: "MP3", contentType: "audio/mpeg", matches: isMp3 };
const OGG: Format = { name: "OGG", contentType: "audio/ogg", matches: (b) => startsWith(b, "OggS") };
const WAV: Format = { name: "WAV (RIFF…WAVE)", contentType: "audio/wav", matches: (b) => startsWith(b, "RIFF") && startsWith(b, "WAVE", 8) };
const FLAC: Format = { name: "FLAC", contentType: "audio/flac", matches: (b) => startsWith(b, "fLaC") };

const RBXM: Format = { ...ROBLOX_BINARY, name: "a binary Roblox model (.rbxm)", contentType: "model/x-rbxm" };
const RBXMX: Format = { ...ROBLOX_XML, name: "a Roblox XML model (.rbxmx)", contentType: "model/x-rbxm" };
/** FBX: the binary header ("Kaydara FBX Binary  " NUL), or the ASCII format's opening comment. */
const FBX: Format = { name: "FBX", contentType: "model/fbx", matches: (b) => startsWith(b, "Kaydara FBX Binary  \0") || startsWith(b, "; FBX ") };
const GLB: Format = { name: "glTF binary (.glb)", contentType: "model/gltf-binary", matches: (b) => startsWith(b, "glTF") };

/** The formats each asset type may be, per the Assets API's accepted file types. */
const ASSET_FORMATS: Readonly<Record<ReleaseAssetType, ReadonlyArray<Format>>> = {
	Image: [PNG, JPEG, BMP, TGA],
	Decal: [PNG, JPEG, BMP, TGA],
	Audio: [MP3, OGG, WAV, FLAC],
	Model: [RBXM, RBXMX, FBX, GLB],
};

function formatsFor(role: FileRole): ReadonlyArray<Format> {
	if (role.kind === "asset") return ASSET_FORMATS[role.assetType];
	const format = placeFormatOf(role.fileName);
	return format === "binary" ? [ROBLOX_BINARY] : format === "xml" ? [ROBLOX_XML] : [];
}

/** The content types a file of this role is stored with when it passes (what checkFile answers for each format). */
export function contentTypesFor(role: FileRole): string[] {
	return [...new Set(formatsFor(role).map((format) => format.contentType))];
}

/** How a role reads in messages: "the place file X.rbxl", "an Image asset". */
export function describeRole(role: FileRole): string {
	return describe(role);
}

function describe(role: FileRole): string {
	return role.kind === "place" ? `the place file ${role.fileName}` : `${/^[AEIOU]/.test(role.assetType) ? "an" : "a"} ${role.assetType} asset`;
}

/** Whether `bytes` can be the file in `role`: size first (cheap), then format, then image dimensions. */
export function checkFile(role: FileRole, bytes: Buffer): FileVerdict {
	const max = maxBytesFor(role);
	if (bytes.length === 0) return { ok: false, problem: `${describe(role)} is empty.` };
	if (bytes.length > max) return { ok: false, problem: `${describe(role)} is ${bytes.length} bytes; Roblox takes at most ${max}.` };
	const formats = formatsFor(role);
	if (formats.length === 0) return { ok: false, problem: `${describe(role)} must be named .rbxl (binary) or .rbxlx (XML).` };
	const format = formats.find((candidate) => candidate.matches(bytes));
	if (format === undefined)
		return {
			ok: false,
			problem: `${describe(role)} must be ${formats
				.map((f) => f.name)
				.join(", ")
				.replace(/, ([^,]*)$/, " or $1")}; these bytes are none of them.`,
		};
	if (role.kind === "asset" && (role.assetType === "Image" || role.assetType === "Decal")) {
		const size = imageDimensions(format.contentType, bytes);
		if (size !== undefined && (size.width > IMAGE_MAX_SIDE || size.height > IMAGE_MAX_SIDE)) {
			return { ok: false, problem: `${describe(role)} is ${size.width} x ${size.height} pixels; Roblox takes images under 8000 x 8000.` };
		}
	}
	return { ok: true, contentType: format.contentType };
}
