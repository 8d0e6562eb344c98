import type { ControlRule, ValueHost, ValueKind } from "../schema/host";

type Table = { [key: string]: unknown };

/** Whether a rule (schema/text-rules.ts) refuses the character with this code; mirrors node/host.ts. */
function refuses(code: number, rule: ControlRule): boolean {
	if (code === 0) return true;
	if (rule === "nul" || (code > 0x1f && code !== 0x7f)) return false;
	return rule === "line" || (code !== 0x09 && code !== 0x0a && code !== 0x0d);
}

/**
 * How Luau sees a value decoded by HttpService:JSONDecode; mirrors node/host.ts.
 * A table is an array when its keys are exactly positive integers (holes allowed: they are reported),
 * an object when its keys are all strings, and "empty" when it has no keys at all.
 */
export const luauHost: ValueHost = {
	kindOf(value: unknown): ValueKind {
		if (value === undefined) return "absent";
		if (typeIs(value, "string")) return "string";
		if (typeIs(value, "number")) return "number";
		if (typeIs(value, "boolean")) return "boolean";
		if (!typeIs(value, "table")) return "other";
		let numeric = 0;
		let textual = 0;
		for (const [key] of pairs(value as object)) {
			if (typeIs(key, "number") && key >= 1 && key % 1 === 0) numeric += 1;
			else if (typeIs(key, "string")) textual += 1;
			else return "other";
		}
		if (numeric === 0 && textual === 0) return "empty";
		if (numeric > 0 && textual > 0) return "other";
		return numeric > 0 ? "array" : "object";
	},
	keysOf(value: unknown): Array<string> {
		const keys = new Array<string>();
		for (const [key] of pairs(value as object)) if (typeIs(key, "string")) keys.push(key);
		// Luau compares strings byte by byte: for UTF-8 that is code point order, as node/host.ts sorts.
		table.sort(keys);
		return keys;
	},
	member(value: unknown, key: string): unknown {
		return (value as Table)[key];
	},
	lengthOf(value: unknown): number {
		let highest = 0;
		for (const [key] of pairs(value as object)) if (typeIs(key, "number") && key > highest) highest = key;
		return highest;
	},
	itemAt(value: unknown, index: number): unknown {
		// rbxtsc adds the 1 that turns a 0-based index into a Luau one.
		return (value as Array<unknown>)[index];
	},
	codePointLength(text: string): number {
		const [size] = utf8.len(text);
		if (!typeIs(size, "number")) return -1;
		// Surrogate halves encoded in UTF-8 (CESU-8) are not valid Unicode text either.
		for (const [, code] of utf8.codes(text)) if (code >= 0xd800 && code <= 0xdfff) return -1;
		return size;
	},
	asciiCodes(text: string): Array<number> | undefined {
		const codes = new Array<number>();
		for (let i = 1; i <= text.size(); i++) {
			const [c] = string.byte(text, i);
			if (c === undefined || c > 127) return undefined;
			codes.push(c);
		}
		return codes;
	},
	controlCharacterIn(text: string, rule: ControlRule): number {
		// %c finds the C0 controls (U+0000 included) and DEL; multi-byte UTF-8 has no byte below 0x80.
		let from = 1;
		while (true) {
			const [at] = text.find("%c", from);
			if (at === undefined) return -1;
			const [code] = string.byte(text, at);
			if (code !== undefined && refuses(code, rule)) return code;
			from = at + 1;
		}
	},
	nowMillis(): number {
		return os.time() * 1000;
	},
	pointerSegment(key: string): string {
		const [escaped] = key.gsub("~", "~0");
		const [slashed] = escaped.gsub("/", "~1");
		// A key's control characters show as U+FFFD, as node/host.ts does.
		const [result] = slashed.gsub("%c", "\u{FFFD}");
		return result;
	},
};
