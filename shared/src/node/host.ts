import type { ValueHost, ValueKind } from "../schema/host";

/** Roblox's JSONDecode turns `[1, null]` into `{1}`: trailing nulls are not part of the array. */
function lengthWithoutTrailingNulls(items: unknown[]): number {
	let size = items.length;
	while (size > 0 && (items[size - 1] === null || items[size - 1] === undefined)) size--;
	return size;
}

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
		return Object.keys(value as object);
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
	pointerSegment(key: string): string {
		return key.replaceAll("~", "~0").replaceAll("/", "~1");
	},
};
