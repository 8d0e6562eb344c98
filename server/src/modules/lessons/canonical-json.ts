import { createHash } from "node:crypto";

/**
 * Canonical JSON for content hashes: object keys sorted (by UTF-16 code units, as Array.prototype.sort does)
 * at every depth, no whitespace, arrays in order, numbers and strings as JSON.stringify writes them. Two
 * uploads that differ only in key order or spacing therefore hash the same. `undefined` members are dropped,
 * as JSON.stringify drops them.
 */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== "object") {
		const text = JSON.stringify(value);
		if (text === undefined) throw new Error(`canonicalJson: ${typeof value} has no JSON form`);
		return text;
	}
	if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
	const entries = Object.keys(value)
		.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
		.sort()
		.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
	return `{${entries.join(",")}}`;
}

/** sha256 (lower-case hex) of the canonical JSON. */
export function contentHash(value: unknown): string {
	return createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
}
