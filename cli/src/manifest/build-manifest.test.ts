import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CliError } from "../cli-error";
import { assetTypeOf } from "./asset-types";
import { buildManifest, listAssetFiles } from "./build-manifest";
import { hashFile } from "./hash-file";

const sha = (bytes: string | Buffer) => createHash("sha256").update(bytes).digest("hex");

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), "tbx-cli-manifest-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(relative: string, content: string | Buffer): string {
	const file = path.join(dir, relative);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, content);
	return file;
}

async function usageErrorOf(promise: Promise<unknown>): Promise<CliError> {
	const err = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(err).toBeInstanceOf(CliError);
	expect((err as CliError).exitCode).toBe(2);
	return err as CliError;
}

describe("assetTypeOf", () => {
	it("maps each known extension, whatever its case, and nothing else", () => {
		for (const ext of ["png", "jpg", "jpeg", "bmp", "tga"]) expect(assetTypeOf(`a/b.${ext.toUpperCase()}`)).toBe("Image");
		for (const ext of ["mp3", "ogg", "wav", "flac"]) expect(assetTypeOf(`x.${ext}`)).toBe("Audio");
		for (const ext of ["rbxm", "rbxmx", "fbx", "glb", "gltf"]) expect(assetTypeOf(`x.${ext}`)).toBe("Model");
		for (const name of ["x.txt", "x", "png", ".png", "x.", "x.png.bak"]) expect(assetTypeOf(name)).toBeUndefined();
	});
});

describe("hashFile", () => {
	it("gives the SHA-256 and size of a file larger than one read chunk", async () => {
		const big = Buffer.alloc(3 * 65536 + 17, 7);
		const file = write("big.bin", big);
		expect(await hashFile(file)).toEqual({ sha256: sha(big), size: big.length });
	});
});

describe("buildManifest", () => {
	it("hashes the place and every asset, named by their path under the folder with forward slashes, sorted", async () => {
		const place = write("build/Game.rbxl", "<roblox!place");
		write("assets/images/logo.png", "png-bytes");
		write("assets/sounds/intro.OGG", "ogg-bytes");
		write("assets/models/deep/tree.rbxm", "model-bytes");
		write("assets/.DS_Store", "junk");
		write("assets/images/.hidden/secret.txt", "junk");
		const progress: Array<[number, number]> = [];
		const local = await buildManifest({ place, assets: path.join(dir, "assets"), onProgress: (done, total) => progress.push([done, total]) });
		expect(local.manifest).toEqual({
			place: { sha256: sha("<roblox!place"), size: 13, fileName: "Game.rbxl" },
			assets: [
				{ name: "images/logo.png", sha256: sha("png-bytes"), size: 9, assetType: "Image" },
				{ name: "models/deep/tree.rbxm", sha256: sha("model-bytes"), size: 11, assetType: "Model" },
				{ name: "sounds/intro.OGG", sha256: sha("ogg-bytes"), size: 9, assetType: "Audio" },
			],
		});
		expect(local.pathsBySha.get(sha("model-bytes"))).toBe(path.join(dir, "assets", "models/deep/tree.rbxm"));
		expect(progress).toEqual([
			[0, 4],
			[1, 4],
			[2, 4],
			[3, 4],
			[4, 4],
		]);
	});

	it("keeps one local path per distinct content (the same bytes are uploaded once)", async () => {
		const place = write("p.rbxlx", "<roblox xml");
		write("assets/a.png", "same");
		write("assets/b.png", "same");
		const local = await buildManifest({ place, assets: path.join(dir, "assets") });
		expect(local.manifest.assets.map((a) => a.sha256)).toEqual([sha("same"), sha("same")]);
		expect([...local.pathsBySha.keys()]).toEqual([sha("<roblox xml"), sha("same")]);
	});

	it("refuses, naming the file, an unknown extension, an empty file, a missing place or folder, a place that is not .rbxl", async () => {
		const place = write("p.rbxl", "place");
		write("assets/readme.txt", "hello");
		expect((await usageErrorOf(buildManifest({ place, assets: path.join(dir, "assets") }))).message).toMatch(
			new RegExp(`Unknown asset type: ${path.join(dir, "assets", "readme.txt").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`),
		);
		rmSync(path.join(dir, "assets"), { recursive: true });
		write("assets/empty.png", "");
		expect((await usageErrorOf(buildManifest({ place, assets: path.join(dir, "assets") }))).message).toMatch(/Asset is empty: .*empty\.png/);
		expect((await usageErrorOf(buildManifest({ place: path.join(dir, "nope.rbxl") }))).message).toMatch(/Place file not found: .*nope\.rbxl/);
		expect((await usageErrorOf(buildManifest({ place, assets: path.join(dir, "missing") }))).message).toMatch(/--assets must be a folder: .*missing/);
		expect((await usageErrorOf(buildManifest({ place: write("p.zip", "x") }))).message).toMatch(/--place must be a \.rbxl or \.rbxlx file/);
		expect((await usageErrorOf(buildManifest({ place: write("e.rbxl", "") }))).message).toMatch(/Place file is empty/);
	});

	it("follows symbolic links, but not round in a loop", async () => {
		write("assets/a.png", "a");
		symlinkSync(path.join(dir, "assets"), path.join(dir, "assets", "again"));
		expect(await listAssetFiles(path.join(dir, "assets"))).toEqual(["a.png"]);
	});

	it("lists nothing for an empty folder", async () => {
		mkdirSync(path.join(dir, "none"));
		expect(await listAssetFiles(path.join(dir, "none"))).toEqual([]);
	});
});
