/**
 * Width and height read from an image's header, for Roblox's 8000 x 8000 limit. Undefined when the header does not
 * say (a truncated or unusual file): the limit is then left to Roblox rather than guessed.
 */
export function imageDimensions(contentType: string, b: Buffer): { width: number; height: number } | undefined {
	switch (contentType) {
		case "image/png":
			// IHDR is the first chunk: width and height big-endian at bytes 16 and 20.
			return b.length >= 24 ? { width: b.readUInt32BE(16), height: b.readUInt32BE(20) } : undefined;
		case "image/bmp": {
			if (b.length < 26) return undefined;
			// BITMAPCOREHEADER (12 bytes) has 16-bit sizes; the others 32-bit signed (negative height = top-down rows).
			if (b.readUInt32LE(14) === 12) return { width: b.readUInt16LE(18), height: b.readUInt16LE(20) };
			return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
		}
		case "image/tga":
			return b.length >= 18 ? { width: b.readUInt16LE(12), height: b.readUInt16LE(14) } : undefined;
		case "image/jpeg":
			return jpegDimensions(b);
		default:
			return undefined;
	}
}

/** Walks the JPEG markers to the first start-of-frame (SOF0-15 except DHT 0xC4, JPG 0xC8 and DAC 0xCC). */
function jpegDimensions(b: Buffer): { width: number; height: number } | undefined {
	let at = 2;
	while (at + 9 < b.length) {
		if (b[at] !== 0xff) return undefined;
		const marker = b[at + 1] as number;
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2; // markers without a length
			continue;
		}
		const length = b.readUInt16BE(at + 2);
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
		}
		if (length < 2) return undefined;
		at += 2 + length;
	}
	return undefined;
}
