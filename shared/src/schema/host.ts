/**
 * What a runtime must tell the validator about a decoded value. The validator itself is written in the
 * subset of TypeScript that both tsc and rbxtsc compile; everything that differs between JS and Luau
 * (type tags, tables vs arrays, string length) goes through this interface.
 *
 * Kinds follow what Roblox's HttpService:JSONDecode can produce, so both runtimes see the same wire value:
 * - "absent": undefined, JSON null, Luau nil (JSONDecode drops null members, so null means "not there")
 * - "empty": a value that is both an empty array and an empty object (a Luau `{}`; on Node `[]`/`{}` when empty)
 */
export type ValueKind = "string" | "number" | "boolean" | "array" | "object" | "empty" | "absent" | "other";

export interface ValueHost extends TextHost {
	kindOf(value: unknown): ValueKind;
	/**
	 * Own string keys of an "object" value, in Unicode code point order (what byte order of UTF-8 gives in Luau;
	 * JavaScript's default sort compares UTF-16 units, which puts U+10000 and above before U+E000–U+FFFF).
	 * Issues come out in this order, so both runtimes report them alike.
	 */
	keysOf(value: unknown): Array<string>;
	/** Member of an "object" value. */
	member(value: unknown, key: string): unknown;
	/** Length of an "array" value, counting holes up to its highest index. */
	lengthOf(value: unknown): number;
	/** Item of an "array" value at a 0-based index (undefined for a hole). */
	itemAt(value: unknown, index: number): unknown;
	/** Length in Unicode code points, or -1 when the text is not valid Unicode (bad UTF-8, lone surrogates). */
	codePointLength(text: string): number;
	/** Character codes of an all-ASCII text, or undefined when any character is outside ASCII. */
	asciiCodes(text: string): Array<number> | undefined;
	/** The first character of `text` that `rule` refuses (its code point), or -1 when there is none. */
	controlCharacterIn(text: string, rule: ControlRule): number;
	/** The runtime's clock in milliseconds since 1970-01-01T00:00:00Z (Node: Date.now(); Luau: os.time() × 1000). */
	nowMillis(): number;
}

/**
 * Which control characters a string refuses (see schema/text-rules.ts for why):
 * - "line": every C0 control (U+0000–U+001F) and DEL (U+007F), for ids, names and titles;
 * - "text": the same but tab, line feed and carriage return, for free text;
 * - "nul": only U+0000, for text stored before the rule that is read back.
 */
export type ControlRule = "line" | "text" | "nul";

/** Formats both hosts implement by hand (no regex literals in shared code). */
export type StringFormat = "uuid" | "date-time" | "email" | "semver" | "sha256";

/** Extra text helpers the validator needs and neither runtime's string API shares. */
export interface TextHost {
	/** A key escaped as one JSON Pointer segment ("~" → "~0", "/" → "~1"). */
	pointerSegment(key: string): string;
}
