import type { StringFormat } from "./host";
import type {
	Infer,
	ArraySchema,
	BooleanSchema,
	EnumSchema,
	InferShape,
	LiteralSchema,
	NumberSchema,
	ObjectSchema,
	OptionalSchema,
	RecordSchema,
	Schema,
	Shape,
	StringSchema,
	UnionSchema,
	UnknownSchema,
} from "./types";

/** Largest integer both a JS number and a Luau number hold exactly (2^53 - 1). */
export const MAX_SAFE_INTEGER = 9007199254740991;

interface Doc {
	description?: string;
	example?: unknown;
}

export const s = {
	string(
		options: { minLength?: number; maxLength?: number; format?: StringFormat; singleLine?: boolean; earliest?: string; maxSecondsAhead?: number } & Doc = {},
	): StringSchema<string> {
		return { kind: "string", ...options };
	},
	number(options: { minimum?: number; maximum?: number } & Doc = {}): NumberSchema {
		return { kind: "number", integer: false, ...options };
	},
	integer(options: { minimum?: number; maximum?: number } & Doc = {}): NumberSchema {
		return { kind: "number", integer: true, ...options };
	},
	boolean(options: Doc = {}): BooleanSchema {
		return { kind: "boolean", ...options };
	},
	literal<T extends string | number | boolean>(value: T, options: Doc = {}): LiteralSchema<T> {
		return { kind: "literal", value, ...options };
	},
	enumOf<T extends string>(values: ReadonlyArray<T>, options: Doc = {}): EnumSchema<T> {
		return { kind: "enum", values, ...options };
	},
	array<T>(item: Schema<T>, options: { minItems?: number; maxItems?: number } & Doc = {}): ArraySchema<T> {
		return { kind: "array", item, ...options };
	},
	optional<T>(inner: Schema<T>): OptionalSchema<T> {
		return { kind: "optional", inner };
	},
	object<S extends Shape>(shape: S, options: Doc = {}): ObjectSchema<InferShape<S>> {
		return { kind: "object", shape, ...options };
	},
	record<T>(value: Schema<T>, options: { maxEntries?: number } & Doc = {}): RecordSchema<T> {
		return { kind: "record", value, ...options };
	},
	union<V extends ReadonlyArray<ObjectSchema<unknown>>>(tag: string, variants: V, options: Doc = {}): UnionSchema<Infer<V[number]>> {
		return { kind: "union", tag, variants: variants as unknown as ReadonlyArray<ObjectSchema<unknown>>, ...options };
	},
	unknown(options: Doc = {}): UnknownSchema {
		return { kind: "unknown", ...options };
	},
};
