import type { StringFormat } from "./host";

/** JSON Schema (2020-12 / OpenAPI 3.1) as emitted for the OpenAPI document. */
export type JsonSchema = { [key: string]: unknown };

interface Base<T> {
	/** Phantom: carries the static type; never set at run time. */
	readonly _type?: T;
	readonly description?: string;
	readonly example?: unknown;
}

export interface StringSchema<T extends string = string> extends Base<T> {
	readonly kind: "string";
	readonly minLength?: number;
	readonly maxLength?: number;
	readonly format?: StringFormat;
	/** Ids, names and titles: no tab or line break either (schema/text-rules.ts). */
	readonly singleLine?: boolean;
	/** For "date-time": the earliest instant accepted, itself a date-time (e.g. "2020-01-01T00:00:00Z"). */
	readonly earliest?: string;
	/** For "date-time": the latest instant accepted is this many seconds after `ParseOptions.now`. */
	readonly maxSecondsAhead?: number;
}
export interface NumberSchema extends Base<number> {
	readonly kind: "number";
	readonly integer: boolean;
	readonly minimum?: number;
	readonly maximum?: number;
}
export interface BooleanSchema extends Base<boolean> {
	readonly kind: "boolean";
}
export interface LiteralSchema<T extends string | number | boolean> extends Base<T> {
	readonly kind: "literal";
	readonly value: T;
}
export interface EnumSchema<T extends string> extends Base<T> {
	readonly kind: "enum";
	readonly values: ReadonlyArray<T>;
}
export interface ArraySchema<T> extends Base<Array<T>> {
	readonly kind: "array";
	readonly item: Schema<T>;
	readonly minItems?: number;
	readonly maxItems?: number;
}
export interface OptionalSchema<T> extends Base<T | undefined> {
	readonly kind: "optional";
	readonly inner: Schema<T>;
}
export type Shape = { readonly [key: string]: AnySchema };
export interface ObjectSchema<T> extends Base<T> {
	readonly kind: "object";
	readonly shape: Shape;
}
export interface RecordSchema<T> extends Base<{ [key: string]: T }> {
	readonly kind: "record";
	readonly value: Schema<T>;
	readonly maxEntries?: number;
}
export interface UnionSchema<T> extends Base<T> {
	readonly kind: "union";
	/** A discriminated union: the tag property selects the variant. */
	readonly tag: string;
	readonly variants: ReadonlyArray<ObjectSchema<unknown>>;
}
export interface UnknownSchema extends Base<unknown> {
	readonly kind: "unknown";
}

/** Every concrete schema node; the validator and the JSON Schema emitter switch on `kind`. */
export type SchemaNode =
	| StringSchema<string>
	| NumberSchema
	| BooleanSchema
	| LiteralSchema<string | number | boolean>
	| EnumSchema<string>
	| ArraySchema<unknown>
	| OptionalSchema<unknown>
	| ObjectSchema<unknown>
	| RecordSchema<unknown>
	| UnionSchema<unknown>
	| UnknownSchema;

/** A schema whose values have static type T. */
export type Schema<T> = Base<T> & { readonly kind: SchemaNode["kind"] };

/** Any schema: Base<T> only carries T out (the phantom `_type`), so every Schema<T> is a Schema<unknown>. */
export type AnySchema = Schema<unknown>;

export type Infer<S> = S extends Base<infer T> ? T : never;

type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type InferShape<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
	[K in OptionalKeys<S>]?: S[K] extends OptionalSchema<infer U> ? U : never;
};

/** One problem with a value. `path` is a JSON Pointer (RFC 6901) into the value; "" is the value itself. */
export interface Issue {
	readonly path: string;
	readonly code: IssueCode;
	readonly message: string;
}

export type IssueCode =
	| "required"
	| "invalid_type"
	| "not_finite"
	| "not_integer"
	| "too_small"
	| "too_big"
	| "too_short"
	| "too_long"
	| "invalid_text"
	| "control_character"
	| "invalid_format"
	| "too_early"
	| "too_late"
	| "invalid_value"
	| "unknown_key"
	| "too_many_issues";

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: Array<Issue> };

export interface ParseOptions {
	/** "reject" (default, for requests we receive) or "strip" (for replies, so newer servers may add fields). */
	readonly unknownKeys?: "reject" | "strip";
	/** Stop collecting after this many issues (default 50). */
	readonly maxIssues?: number;
	/**
	 * "refuse" refuses the control characters a string's rule names (schema/text-rules.ts); "tolerate" refuses only
	 * U+0000, for text the service stored before the rule and now reads back. Default: "refuse" with
	 * `unknownKeys: "reject"` (input), "tolerate" with `unknownKeys: "strip"` (replies).
	 */
	readonly controlCharacters?: "refuse" | "tolerate";
	/** The clock `maxSecondsAhead` is measured from, in milliseconds since 1970 (default: the host's clock). */
	readonly now?: number;
}
