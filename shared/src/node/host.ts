import type { ControlRule, ValueHost, ValueKind } from "../schema/host";

/** Roblox's JSONDecode turns `[1, null]` into `{1}`: trailing nulls are not part of the array. */
function lengthWithoutTrailingNulls(items: unknown[]): number {
	let size = items.length;
	while (size > 0 && (items[size - 1] === null || items[size - 1] === undefined)) size--;
	return size;
}

/**
 * A UTF-16 unit moved so that units compare in code point order: surrogates (which make up U+10000 and above)
 * go after U+E000–U+FFFF. The order of UTF-8 bytes, which Luau compares.
 */
function codePointRank(unit: number): number {
	if (unit < 0xd800) return unit;
	return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Compares two texts by code points, not by UTF-16 units (JavaScript's default sort). */
export function compareCodePoints(a: string, b: string): number {
	const shorter = Math.min(a.length, b.length);
	for (let i = 0; i < shorter; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x !== y) return codePointRank(x) - codePointRank(y);
	}
	return a.length - b.length;
}

/** The characters each rule (schema/text-rules.ts) refuses; a native scan, since every string of every body goes through it. */
const REFUSED: Record<ControlRule, RegExp> = {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what the rule looks for
	line: /[\u0000-\u001f\u007f]/,
	// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what the rule looks for
	text: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/,
	// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what the rule looks for
	nul: /\u0000/,
};

/** How Node sees decoded JSON; mirrors luau/host.ts so both runtimes classify wire values alike. */
export const nodeHost: ValueHost = {
	kindOf(value: unknown): ValueKind {
		if (value === undefined || value === null) return "absent";
		switch (typeof value) {
			case "string":
				return "string";
			case "number":
				return "number";
			case "boolean":
				return "boolean";
			case "object": {
				if (Array.isArray(value)) return lengthWithoutTrailingNulls(value) === 0 ? "empty" : "array";
				const proto = Object.getPrototypeOf(value);
				if (proto !== Object.prototype && proto !== null) return "other";
				for (const key in value) if (Object.hasOwn(value, key)) return "object";
				return "empty";
			}
			default:
				return "other";
		}
	},
	keysOf(value: unknown): string[] {
		return Object.keys(value as object).sort(compareCodePoints);
	},
	member(value: unknown, key: string): unknown {
		const record = value as Record<string, unknown>;
		return Object.hasOwn(record, key) ? record[key] : undefined;
	},
	lengthOf(value: unknown): number {
		return lengthWithoutTrailingNulls(value as unknown[]);
	},
	itemAt(value: unknown, index: number): unknown {
		return (value as unknown[])[index];
	},
	codePointLength(text: string): number {
		let count = 0;
		for (let i = 0; i < text.length; i++) {
			const unit = text.charCodeAt(i);
			if (unit >= 0xd800 && unit <= 0xdbff) {
				const next = text.charCodeAt(i + 1);
				if (!(next >= 0xdc00 && next <= 0xdfff)) return -1;
				i++;
			} else if (unit >= 0xdc00 && unit <= 0xdfff) return -1;
			count++;
		}
		return count;
	},
	asciiCodes(text: string): number[] | undefined {
		const codes = new Array<number>(text.length);
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c > 127) return undefined;
			codes[i] = c;
		}
		return codes;
	},
	controlCharacterIn(text: string, rule: ControlRule): number {
		const found = REFUSED[rule].exec(text);
		return found === null ? -1 : text.charCodeAt(found.index);
	},
	nowMillis(): number {
		return Date.now();
	},
	pointerSegment(key: string): string {
		let segment = key.replaceAll("~", "~0").replaceAll("/", "~1");
		// A key's control characters show as U+FFFD: a path is text for people, and must itself be valid text.
		for (let i = 0; i < segment.length; i++) {
			const code = segment.charCodeAt(i);
			if (code < 0x20 || code === 0x7f) segment = `${segment.slice(0, i)}\uFFFD${segment.slice(i + 1)}`;
		}
		return segment;
	},
};
