import { MAX_SAFE_INTEGER } from "./build";
import { dateTimeMillis, matchesFormat } from "./formats";
import type { ValueHost, ValueKind } from "./host";
import { controlMessage, controlRuleOf, keyControlRule, toleratesControls } from "./text-rules";
import type { AnySchema, ArraySchema, Issue, IssueCode, ObjectSchema, ParseOptions, ParseResult, RecordSchema, SchemaNode, Shape, StringSchema, UnionSchema } from "./types";

/**
 * Checks a decoded wire value against a schema and returns a normalised copy, or every issue found.
 * Written in the TypeScript subset both tsc and rbxtsc compile (no typeof, no null, no .length,
 * no regex, no Object/JSON/Math built-ins); runtime differences go through `host`.
 *
 * Normalisation follows Roblox's JSON rules so both runtimes agree: null members are absent,
 * an empty table is both an empty array and an empty object, unknown keys are rejected or stripped.
 * Issues come in one order on both runtimes: fields and record keys in code point order, items by index.
 */
export function parseWith<T>(host: ValueHost, schema: AnySchema, value: unknown, options: ParseOptions = {}): ParseResult<T> {
	const ctx: Context = {
		host,
		issues: [],
		count: 0,
		max: options.maxIssues !== undefined ? options.maxIssues : 50,
		strip: options.unknownKeys === "strip",
		full: false,
		tolerate: toleratesControls(options),
		now: options.now,
	};
	const out = check(ctx, schema as SchemaNode, value, "");
	if (ctx.count > 0) return { ok: false, issues: ctx.issues };
	return { ok: true, value: out as T };
}

interface Context {
	readonly host: ValueHost;
	readonly issues: Array<Issue>;
	count: number;
	readonly max: number;
	readonly strip: boolean;
	full: boolean;
	/** Stored text read back: only U+0000 is refused (schema/text-rules.ts). */
	readonly tolerate: boolean;
	/** The clock for `maxSecondsAhead`, read from the host the first time a field needs it. */
	now: number | undefined;
}

function report(ctx: Context, path: string, code: IssueCode, message: string) {
	if (ctx.full) return;
	if (ctx.count >= ctx.max) {
		ctx.issues.push({ path, code: "too_many_issues", message: `more than ${ctx.max} problems; stopped here` });
		ctx.full = true;
		ctx.count += 1;
		return;
	}
	ctx.issues.push({ path, code, message });
	ctx.count += 1;
}

function describe(kind: ValueKind): string {
	if (kind === "absent") return "nothing";
	if (kind === "empty") return "an empty table";
	if (kind === "array") return "an array";
	if (kind === "object") return "an object";
	if (kind === "other") return "an unsupported value";
	return `a ${kind}`;
}

function check(ctx: Context, schema: SchemaNode, value: unknown, path: string): unknown {
	const kind = ctx.host.kindOf(value);
	if (schema.kind === "optional") {
		if (kind === "absent") return undefined;
		return check(ctx, schema.inner as SchemaNode, value, path);
	}
	if (kind === "absent") {
		report(ctx, path, "required", "is required");
		return undefined;
	}
	switch (schema.kind) {
		case "unknown":
			return value;
		case "string":
			return checkString(ctx, schema, value, kind, path);
		case "number":
			return checkNumber(ctx, schema, value, kind, path);
		case "boolean":
			if (kind !== "boolean") return mismatch(ctx, path, "a boolean", kind);
			return value;
		case "literal":
			if (value !== schema.value) {
				report(ctx, path, "invalid_value", `must be ${quote(schema.value)}`);
				return undefined;
			}
			return value;
		case "enum": {
			if (kind !== "string") return mismatch(ctx, path, "a string", kind);
			for (const allowed of schema.values) if (allowed === value) return value;
			report(ctx, path, "invalid_value", `must be one of ${joinQuoted(schema.values)}`);
			return undefined;
		}
		case "array":
			return checkArray(ctx, schema, value, kind, path);
		case "object":
			return checkObject(ctx, schema, value, kind, path);
		case "record":
			return checkRecord(ctx, schema, value, kind, path);
		case "union":
			return checkUnion(ctx, schema, value, kind, path);
	}
	return undefined;
}

function mismatch(ctx: Context, path: string, expected: string, kind: ValueKind): undefined {
	report(ctx, path, "invalid_type", `must be ${expected}, got ${describe(kind)}`);
	return undefined;
}

function quote(value: string | number | boolean): string {
	return `"${value}"`;
}

function joinQuoted(values: ReadonlyArray<string>): string {
	let text = "";
	let first = true;
	for (const v of values) {
		text = first ? quote(v) : `${text}, ${quote(v)}`;
		first = false;
	}
	return text;
}

function checkString(ctx: Context, schema: StringSchema<string>, value: unknown, kind: ValueKind, path: string) {
	if (kind !== "string") return mismatch(ctx, path, "a string", kind);
	const text = value as string;
	const size = ctx.host.codePointLength(text);
	if (size < 0) {
		report(ctx, path, "invalid_text", "is not valid Unicode text");
		return undefined;
	}
	const rule = controlRuleOf(schema, ctx.tolerate);
	const control = ctx.host.controlCharacterIn(text, rule);
	if (control >= 0) {
		report(ctx, path, "control_character", controlMessage(control, rule));
		return undefined;
	}
	if (schema.minLength !== undefined && size < schema.minLength) {
		report(ctx, path, "too_short", `must have at least ${schema.minLength} characters`);
		return undefined;
	}
	if (schema.maxLength !== undefined && size > schema.maxLength) {
		report(ctx, path, "too_long", `must have at most ${schema.maxLength} characters`);
		return undefined;
	}
	if (schema.format === undefined) return text;
	const codes = ctx.host.asciiCodes(text);
	if (!matchesFormat(codes, schema.format)) {
		report(ctx, path, "invalid_format", `must be a valid ${schema.format}`);
		return undefined;
	}
	if (schema.earliest !== undefined || schema.maxSecondsAhead !== undefined) return checkInstant(ctx, schema, codes, text, path);
	return text;
}

/** The range of a date-time field: not before `earliest`, not more than `maxSecondsAhead` after now. */
function checkInstant(ctx: Context, schema: StringSchema<string>, codes: Array<number> | undefined, text: string, path: string) {
	const instant = dateTimeMillis(codes);
	if (instant === undefined) {
		report(ctx, path, "invalid_format", "must be a valid date-time");
		return undefined;
	}
	if (schema.earliest !== undefined) {
		const earliest = dateTimeMillis(ctx.host.asciiCodes(schema.earliest));
		if (earliest !== undefined && instant < earliest) {
			report(ctx, path, "too_early", `must not be before ${schema.earliest}`);
			return undefined;
		}
	}
	if (schema.maxSecondsAhead !== undefined) {
		if (ctx.now === undefined) ctx.now = ctx.host.nowMillis();
		if (instant > ctx.now + schema.maxSecondsAhead * 1000) {
			report(ctx, path, "too_late", `must not be more than ${schema.maxSecondsAhead} seconds ahead of the clock`);
			return undefined;
		}
	}
	return text;
}

function checkNumber(ctx: Context, schema: SchemaNode & { kind: "number" }, value: unknown, kind: ValueKind, path: string) {
	if (kind !== "number") return mismatch(ctx, path, schema.integer ? "an integer" : "a number", kind);
	const n = value as number;
	// NaN and ±infinity both fail x - x == 0, in JS and in Luau alike.
	if (n - n !== 0) {
		report(ctx, path, "not_finite", "must be a finite number");
		return undefined;
	}
	if (schema.integer && (n % 1 !== 0 || n > MAX_SAFE_INTEGER || n < -MAX_SAFE_INTEGER)) {
		report(ctx, path, "not_integer", `must be a whole number between -${MAX_SAFE_INTEGER} and ${MAX_SAFE_INTEGER}`);
		return undefined;
	}
	if (schema.minimum !== undefined && n < schema.minimum) {
		report(ctx, path, "too_small", `must be at least ${schema.minimum}`);
		return undefined;
	}
	if (schema.maximum !== undefined && n > schema.maximum) {
		report(ctx, path, "too_big", `must be at most ${schema.maximum}`);
		return undefined;
	}
	return n;
}

function checkArray(ctx: Context, schema: ArraySchema<unknown>, value: unknown, kind: ValueKind, path: string) {
	// NonNullable<unknown> (that is, `{}`) is "any value but undefined": the element type rbxtsc requires for push.
	const out = new Array<NonNullable<unknown>>();
	if (kind === "empty") {
		if (schema.minItems !== undefined && schema.minItems > 0) {
			report(ctx, path, "too_short", `must have at least ${schema.minItems} items`);
		}
		return out;
	}
	if (kind !== "array") return mismatch(ctx, path, "an array", kind);
	const size = ctx.host.lengthOf(value);
	if (schema.minItems !== undefined && size < schema.minItems) {
		report(ctx, path, "too_short", `must have at least ${schema.minItems} items`);
		return undefined;
	}
	if (schema.maxItems !== undefined && size > schema.maxItems) {
		report(ctx, path, "too_long", `must have at most ${schema.maxItems} items`);
		return undefined;
	}
	const before = ctx.count;
	for (let index = 0; index < size; index++) {
		const item = check(ctx, schema.item as SchemaNode, ctx.host.itemAt(value, index), `${path}/${index}`);
		if (item !== undefined) out.push(item as NonNullable<unknown>);
	}
	return ctx.count === before ? out : undefined;
}

/** Keys in code point order: the host sorts them, the same way on both runtimes. */
function sortedKeys(ctx: Context, record: unknown): Array<string> {
	return ctx.host.keysOf(record);
}

/** A schema's declared keys, sorted once: schemas do not change, and every object of every value asks for them. */
const shapeKeys = new Map<Shape, Array<string>>();

function declaredKeys(ctx: Context, shape: Shape): Array<string> {
	const known = shapeKeys.get(shape);
	if (known !== undefined) return known;
	const keys = sortedKeys(ctx, shape);
	shapeKeys.set(shape, keys);
	return keys;
}

function checkObject(ctx: Context, schema: ObjectSchema<unknown>, value: unknown, kind: ValueKind, path: string) {
	if (kind !== "object" && kind !== "empty") return mismatch(ctx, path, "an object", kind);
	const out: { [key: string]: unknown } = {};
	const before = ctx.count;
	const declared = declaredKeys(ctx, schema.shape);
	for (const key of declared) {
		const member = kind === "empty" ? undefined : ctx.host.member(value, key);
		const field = ctx.host.member(schema.shape, key) as SchemaNode;
		const parsed = check(ctx, field, member, `${path}/${ctx.host.pointerSegment(key)}`);
		if (parsed !== undefined) out[key] = parsed;
	}
	if (kind === "object" && !ctx.strip) {
		for (const key of sortedKeys(ctx, value)) {
			if (ctx.host.member(schema.shape, key) === undefined) {
				report(ctx, `${path}/${ctx.host.pointerSegment(key)}`, "unknown_key", "is not a known field");
			}
		}
	}
	return ctx.count === before ? out : undefined;
}

function checkRecord(ctx: Context, schema: RecordSchema<unknown>, value: unknown, kind: ValueKind, path: string) {
	if (kind !== "object" && kind !== "empty") return mismatch(ctx, path, "an object", kind);
	const out: { [key: string]: unknown } = {};
	if (kind === "empty") return out;
	const keys = sortedKeys(ctx, value);
	let size = 0;
	for (const _ of keys) size += 1;
	if (schema.maxEntries !== undefined && size > schema.maxEntries) {
		report(ctx, path, "too_long", `must have at most ${schema.maxEntries} entries`);
		return undefined;
	}
	const before = ctx.count;
	const keyRule = keyControlRule(ctx.tolerate);
	for (const key of keys) {
		const keyPath = `${path}/${ctx.host.pointerSegment(key)}`;
		const control = ctx.host.controlCharacterIn(key, keyRule);
		if (control >= 0) {
			report(ctx, keyPath, "control_character", `the key ${controlMessage(control, keyRule)}`);
			continue;
		}
		const parsed = check(ctx, schema.value as SchemaNode, ctx.host.member(value, key), keyPath);
		if (parsed !== undefined) out[key] = parsed;
	}
	return ctx.count === before ? out : undefined;
}

function checkUnion(ctx: Context, schema: UnionSchema<unknown>, value: unknown, kind: ValueKind, path: string) {
	if (kind !== "object") return mismatch(ctx, path, "an object", kind);
	const tagPath = `${path}/${ctx.host.pointerSegment(schema.tag)}`;
	const tag = ctx.host.member(value, schema.tag);
	if (ctx.host.kindOf(tag) === "absent") {
		report(ctx, tagPath, "required", "is required");
		return undefined;
	}
	const names = new Array<string>();
	for (const variant of schema.variants) {
		const literal = ctx.host.member(variant.shape, schema.tag) as SchemaNode;
		if (literal.kind === "literal") {
			if (literal.value === tag) return checkObject(ctx, variant, value, kind, path);
			names.push(`${literal.value}`);
		}
	}
	report(ctx, tagPath, "invalid_value", `must be one of ${joinQuoted(names)}`);
	return undefined;
}
