import type { ReleaseAssetType } from "@toolboxai/shared";
import { ASSET_MAX_BYTES, checkFile, maxBytesFor, PLACE_MAX_BYTES, placeFormatOf, type FileRole } from "./file-rules";
import { imageDimensions } from "./image-dimensions";
import * as sample from "./__tests__/sample-files";

const asset = (assetType: ReleaseAssetType): FileRole => ({ kind: "asset", assetType });
const place = (fileName: string): FileRole => ({ kind: "place", fileName });

describe("accepted files, with the content type Open Cloud is sent", () => {
	it.each<[string, FileRole, () => Buffer, string]>([
		["binary place (.rbxl)", place("ToolBoxAI.rbxl"), () => sample.rbxl(), "application/octet-stream"],
		["XML place (.rbxlx)", place("Game.RBXLX"), sample.rbxlx, "application/xml"],
		["PNG image", asset("Image"), () => sample.png(), "image/png"],
		["JPEG image", asset("Image"), () => sample.jpeg(), "image/jpeg"],
		["BMP image", asset("Image"), sample.bmp, "image/bmp"],
		["TGA 2.0 image", asset("Image"), () => sample.tga(true), "image/tga"],
		["TGA 1.0 image (no footer)", asset("Image"), () => sample.tga(false), "image/tga"],
		["PNG decal", asset("Decal"), () => sample.png(), "image/png"],
		["JPEG decal", asset("Decal"), () => sample.jpeg(), "image/jpeg"],
		["MP3 with ID3", asset("Audio"), sample.mp3WithId3, "audio/mpeg"],
		["MP3 frame", asset("Audio"), sample.mp3Frame, "audio/mpeg"],
		["OGG", asset("Audio"), sample.ogg, "audio/ogg"],
		["WAV", asset("Audio"), sample.wav, "audio/wav"],
		["FLAC", asset("Audio"), sample.flac, "audio/flac"],
		["binary model (.rbxm)", asset("Model"), () => sample.rbxm(), "model/x-rbxm"],
		["XML model (.rbxmx, with BOM)", asset("Model"), sample.rbxmx, "model/x-rbxm"],
		["binary FBX", asset("Model"), sample.fbxBinary, "model/fbx"],
		["ASCII FBX", asset("Model"), sample.fbxAscii, "model/fbx"],
		["glTF binary", asset("Model"), sample.glb, "model/gltf-binary"],
	])("%s", (_label, role, make, contentType) => {
		expect(checkFile(role, make())).toEqual({ ok: true, contentType });
	});
});

describe("refused files say what was expected", () => {
	it("a PNG declared as audio", () => {
		expect(checkFile(asset("Audio"), sample.png())).toEqual({ ok: false, problem: "an Audio asset must be MP3, OGG, WAV (RIFF…WAVE) or FLAC; these bytes are none of them." });
	});

	it("an XML place named .rbxl, and a binary one named .rbxlx", () => {
		expect(checkFile(place("ToolBoxAI.rbxl"), sample.rbxlx())).toMatchObject({ ok: false, problem: expect.stringContaining("<roblox! header") });
		expect(checkFile(place("ToolBoxAI.rbxlx"), sample.rbxl())).toMatchObject({ ok: false, problem: expect.stringContaining("<roblox> root") });
	});

	it("a place file with another extension", () => {
		expect(checkFile(place("ToolBoxAI.rbxm"), sample.rbxl())).toEqual({ ok: false, problem: "the place file ToolBoxAI.rbxm must be named .rbxl (binary) or .rbxlx (XML)." });
	});

	it("an image declared as a model, a model as an image", () => {
		expect(checkFile(asset("Model"), sample.png()).ok).toBe(false);
		expect(checkFile(asset("Image"), sample.glb()).ok).toBe(false);
	});

	it.each<[string, Buffer]>([
		["text starting with BM", Buffer.from("BMW owners club newsletter, issue 42 ...")],
		["text starting with <robloxian", Buffer.from("<robloxian>not a place</robloxian>")],
		["RIFF that is not WAVE (AVI)", Buffer.from("RIFF\x10\x00\x00\x00AVI LIST", "latin1")],
		["0xFF then a reserved MPEG layer", Buffer.from([0xff, 0xf9, 0x90, 0x64, 0, 0, 0, 0])],
		["0xFF then a bad bitrate", Buffer.from([0xff, 0xfb, 0xf0, 0x64, 0, 0, 0, 0])],
		["an HTML error page", Buffer.from("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>")],
	])("%s matches no format", (_label, bytes) => {
		for (const type of ["Image", "Audio", "Model"] as const) expect(checkFile(asset(type), bytes).ok).toBe(false);
		expect(checkFile(place("x.rbxl"), bytes).ok).toBe(false);
		expect(checkFile(place("x.rbxlx"), bytes).ok).toBe(false);
	});

	it("an empty file", () => {
		expect(checkFile(asset("Image"), Buffer.alloc(0))).toEqual({ ok: false, problem: "an Image asset is empty." });
	});
});

describe("Roblox's size limits", () => {
	it("place: 10 MiB (the publish spec's x-roblox-size-limit) passes, one byte more does not", () => {
		expect(PLACE_MAX_BYTES).toBe(10485760);
		expect(maxBytesFor(place("a.rbxl"))).toBe(PLACE_MAX_BYTES);
		expect(checkFile(place("a.rbxl"), sample.rbxl(PLACE_MAX_BYTES)).ok).toBe(true);
		expect(checkFile(place("a.rbxl"), sample.rbxl(PLACE_MAX_BYTES + 1))).toEqual({ ok: false, problem: "the place file a.rbxl is 10485761 bytes; Roblox takes at most 10485760." });
	});

	it("assets: 20 MB per call", () => {
		expect(ASSET_MAX_BYTES).toBe(20_000_000);
		const model = (size: number) => Buffer.concat([sample.glb(), Buffer.alloc(size - 12)]);
		expect(checkFile(asset("Model"), model(ASSET_MAX_BYTES)).ok).toBe(true);
		expect(checkFile(asset("Model"), model(ASSET_MAX_BYTES + 1))).toMatchObject({ ok: false, problem: expect.stringContaining("at most 20000000") });
	});

	it("images under 8000 x 8000 pixels (PNG and JPEG headers read)", () => {
		expect(checkFile(asset("Image"), sample.png(7999, 1)).ok).toBe(true);
		expect(checkFile(asset("Decal"), sample.png(8000, 1))).toEqual({ ok: false, problem: "a Decal asset is 8000 x 1 pixels; Roblox takes images under 8000 x 8000." });
		expect(checkFile(asset("Image"), sample.jpeg(640, 9000))).toMatchObject({ ok: false, problem: expect.stringContaining("640 x 9000") });
	});
});

test("image dimensions of each format", () => {
	expect(imageDimensions("image/png", sample.png(3, 2))).toEqual({ width: 3, height: 2 });
	expect(imageDimensions("image/jpeg", sample.jpeg(640, 480))).toEqual({ width: 640, height: 480 });
	expect(imageDimensions("image/bmp", sample.bmp())).toEqual({ width: 1, height: 1 });
	expect(imageDimensions("image/tga", sample.tga())).toEqual({ width: 1, height: 1 });
	// A truncated JPEG says nothing: the limit is left to Roblox.
	expect(imageDimensions("image/jpeg", Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBeUndefined();
});

test("placeFormatOf", () => {
	expect([placeFormatOf("a.rbxl"), placeFormatOf("A.RBXLX"), placeFormatOf("a.rbxm"), placeFormatOf("rbxl")]).toEqual(["binary", "xml", undefined, undefined]);
});
