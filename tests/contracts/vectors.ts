import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { robloxReviver } from "@toolboxai/shared/node";

/** One vector file: cases for one contract, checked by the Node and the Luau validators alike. */
export interface VectorFile {
	readonly file: string;
	readonly contract: string;
	readonly options?: { unknownKeys?: "reject" | "strip"; controlCharacters?: "refuse" | "tolerate"; now?: number };
	readonly cases: ReadonlyArray<VectorCase>;
}
export interface VectorCase {
	readonly name: string;
	readonly value?: unknown;
	readonly valid: boolean;
	/** The sorted set of JSON Pointer paths the issues must name, when given. */
	readonly paths?: ReadonlyArray<string>;
	/** Every issue, in the order the validator reports it (the same on both runtimes), when given. */
	readonly issues?: ReadonlyArray<{ readonly path: string; readonly code: string }>;
}

export const VECTORS_DIR = join(__dirname, "vectors");

const SPECIAL_NUMBERS: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY };

/** Decodes like Roblox (null members vanish) and turns {"$number": "NaN"} into the number JSON cannot write. */
function reviver(this: unknown, key: string, value: unknown): unknown {
	if (value !== null && typeof value === "object" && !Array.isArray(value)) {
		const keys = Object.keys(value);
		const special = (value as Record<string, unknown>).$number;
		if (keys.length === 1 && typeof special === "string" && special in SPECIAL_NUMBERS) return SPECIAL_NUMBERS[special];
	}
	return robloxReviver.call(this, key, value);
}

export function loadVectorFiles(): VectorFile[] {
	return readdirSync(VECTORS_DIR)
		.filter((name) => name.endsWith(".json"))
		.sort()
		.map((file) => ({ file, ...(JSON.parse(readFileSync(join(VECTORS_DIR, file), "utf8"), reviver) as Omit<VectorFile, "file">) }));
}
