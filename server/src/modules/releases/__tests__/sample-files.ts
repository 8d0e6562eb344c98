/**
 * Tiny real files of each format a release takes, made byte by byte (no fixtures on disk): a decodable 1x1 PNG,
 * BMP, TGA and WAV; headers as the formats define them for the rest.
 */
import { deflateSync } from "node:zlib";

function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A valid PNG (8-bit RGB); the pixel data is width x height of one colour. */
export function png(width = 1, height = 1): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8);
	// Only small images get real pixels: the large ones are for the dimension check, which reads IHDR only.
	const rows = width * height <= 4096 ? Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x7f)]))) : Buffer.alloc(1);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk("IHDR", header),
		pngChunk("IDAT", deflateSync(rows)),
		pngChunk("IEND", Buffer.alloc(0)),
	]);
}

/** JFIF APP0, a baseline SOF0 with the size, EOI: the header a JPEG decoder reads first. */
export function jpeg(width = 1, height = 1): Buffer {
	const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
	const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00]);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.from([0xff, 0xd9])]);
}

/** A valid 1x1 24-bit BMP (BITMAPINFOHEADER, one padded row). */
export function bmp(): Buffer {
	const b = Buffer.alloc(14 + 40 + 4);
	b.write("BM", 0, "latin1");
	b.writeUInt32LE(b.length, 2);
	b.writeUInt32LE(54, 10);
	b.writeUInt32LE(40, 14);
	b.writeInt32LE(1, 18);
	b.writeInt32LE(1, 22);
	b.writeUInt16LE(1, 26);
	b.writeUInt16LE(24, 28);
	b.writeUInt32LE(4, 34);
	b.set([0x00, 0x00, 0xff], 54);
	return b;
}

/** A valid 1x1 uncompressed true-colour TGA, with the TGA 2.0 footer or without (TGA 1.0). */
export function tga(withFooter = true): Buffer {
	const header = Buffer.alloc(18);
	header[2] = 2;
	header.writeUInt16LE(1, 12);
	header.writeUInt16LE(1, 14);
	header[16] = 24;
	const pixel = Buffer.from([0xff, 0x00, 0x00]);
	const footer = Buffer.concat([Buffer.alloc(8), Buffer.from("TRUEVISION-XFILE.\0", "latin1")]);
	return Buffer.concat([header, pixel, ...(withFooter ? [footer] : [])]);
}

/** A valid WAV: 8 samples of 16-bit mono silence at 8 kHz. */
export function wav(): Buffer {
	const data = Buffer.alloc(16);
	const fmt = Buffer.alloc(16);
	fmt.writeUInt16LE(1, 0);
	fmt.writeUInt16LE(1, 2);
	fmt.writeUInt32LE(8000, 4);
	fmt.writeUInt32LE(16000, 8);
	fmt.writeUInt16LE(2, 12);
	fmt.writeUInt16LE(16, 14);
	const chunk = (id: string, body: Buffer) => {
		const size = Buffer.alloc(4);
		size.writeUInt32LE(body.length);
		return Buffer.concat([Buffer.from(id, "latin1"), size, body]);
	};
	const body = Buffer.concat([Buffer.from("WAVE", "latin1"), chunk("fmt ", fmt), chunk("data", data)]);
	const size = Buffer.alloc(4);
	size.writeUInt32LE(body.length);
	return Buffer.concat([Buffer.from("RIFF", "latin1"), size, body]);
}

/** An ID3v2.4 tag (empty) followed by an MPEG-1 Layer III frame header (128 kbit/s, 44.1 kHz). */
export const mp3WithId3 = (): Buffer => Buffer.concat([Buffer.from("ID3\x04\x00\x00\x00\x00\x00\x00", "latin1"), mp3Frame()]);
export const mp3Frame = (): Buffer => Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)]);
/** An Ogg page header (capture pattern, version 0, beginning-of-stream flag). */
export const ogg = (): Buffer => Buffer.concat([Buffer.from("OggS", "latin1"), Buffer.from([0x00, 0x02]), Buffer.alloc(22), Buffer.from([0x01, 0x1e]), Buffer.alloc(30)]);
/** fLaC then a last-block STREAMINFO header. */
export const flac = (): Buffer => Buffer.concat([Buffer.from("fLaC", "latin1"), Buffer.from([0x80, 0x00, 0x00, 0x22]), Buffer.alloc(34)]);

/** What `rojo build` writes for a .rbxl: magic, the guard bytes, format version 0, class and instance counts. */
export function rbxl(padTo = 0): Buffer {
	const header = Buffer.concat([
		Buffer.from("<roblox!", "latin1"),
		Buffer.from([0x89, 0xff, 0x0d, 0x0a, 0x1a, 0x0a]),
		Buffer.from([0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00]),
		Buffer.alloc(8),
	]);
	const end = Buffer.from("END\0\0\0\0\0\0\0\0\0\0\0\0\0</roblox>", "latin1");
	const body = Buffer.concat([header, end]);
	return padTo > body.length ? Buffer.concat([body, Buffer.alloc(padTo - body.length)]) : body;
}
export const rbxm = rbxl;
export const rbxlx = (): Buffer =>
	Buffer.from('<roblox xmlns:xmime="http://www.w3.org/2005/05/xmlmime" version="4">\n\t<Item class="Workspace" referent="RBX0"/>\n</roblox>\n', "utf8");
export const rbxmx = (): Buffer => Buffer.from('\ufeff<roblox version="4"><Item class="Part" referent="RBX1"/></roblox>', "utf8");
export const fbxBinary = (): Buffer =>
	Buffer.concat([Buffer.from("Kaydara FBX Binary  \0", "latin1"), Buffer.from([0x1a, 0x00]), Buffer.from([0xe8, 0x1c, 0x00, 0x00]), Buffer.alloc(13)]);
export const fbxAscii = (): Buffer => Buffer.from("; FBX 7.4.0 project file\n; ----------------------------------------------------\nFBXHeaderExtension:  {\n}\n", "latin1");
export function glb(): Buffer {
	const b = Buffer.alloc(12);
	b.write("glTF", 0, "latin1");
	b.writeUInt32LE(2, 4);
	b.writeUInt32LE(12, 8);
	return b;
}
