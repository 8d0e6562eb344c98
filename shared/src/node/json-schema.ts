import { MAX_SAFE_INTEGER } from "../schema/build";
import type { AnySchema, JsonSchema, SchemaNode } from "../schema/types";

const PRE_RELEASE_IDENTIFIER = "(0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
const FORMAT_PATTERNS: Record<string, string> = {
	sha256: "^[0-9a-f]{64}$",
	// semver.org's expression without build metadata, which the product refuses (schema/formats.ts).
	semver: `^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-${PRE_RELEASE_IDENTIFIER}(\\.${PRE_RELEASE_IDENTIFIER})*)?$`,
};

/** The control characters a string refuses (schema/text-rules.ts), as a pattern; formats refuse them anyway. */
const SINGLE_LINE_PATTERN = "^[^\\u0000-\\u001F\\u007F]*$";
const TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$";

/** Null is the same as a missing member (Roblox's JSON rule: Luau cannot hold a null), so a member that may be left out may also be null. */
function orNull(schema: JsonSchema): JsonSchema {
	return { anyOf: [schema, { type: "null" }] };
}

export interface JsonSchemaOptions {
	/** Schemas to emit as `$ref`s (e.g. OpenAPI components), by identity. */
	readonly refs?: ReadonlyMap<AnySchema, string>;
	readonly refPrefix?: string;
}

/** JSON Schema 2020-12 (the OpenAPI 3.1 dialect) for a contract. */
export function toJsonSchema(schema: AnySchema, options: JsonSchemaOptions = {}, isRoot = true): JsonSchema {
	const name = options.refs?.get(schema);
	if (name !== undefined && !isRoot) return { $ref: `${options.refPrefix ?? "#/components/schemas/"}${name}` };
	const node = schema as SchemaNode;
	const out = emit(node, options);
	if (node.description !== undefined) out.description = node.description;
	if (node.example !== undefined) out.examples = [node.example];
	return out;
}

function emit(node: SchemaNode, options: JsonSchemaOptions): JsonSchema {
	const child = (schema: AnySchema) => toJsonSchema(schema, options, false);
	switch (node.kind) {
		case "string": {
			const out: JsonSchema = { type: "string" };
			if (node.minLength !== undefined) out.minLength = node.minLength;
			if (node.maxLength !== undefined) out.maxLength = node.maxLength;
			if (node.format !== undefined) {
				out.format = node.format;
				const pattern = FORMAT_PATTERNS[node.format];
				if (pattern !== undefined) out.pattern = pattern;
			} else {
				out.pattern = node.singleLine === true ? SINGLE_LINE_PATTERN : TEXT_PATTERN;
			}
			return out;
		}
		case "number": {
			const out: JsonSchema = { type: node.integer ? "integer" : "number" };
			const min = node.minimum ?? (node.integer ? -MAX_SAFE_INTEGER : undefined);
			const max = node.maximum ?? (node.integer ? MAX_SAFE_INTEGER : undefined);
			if (min !== undefined) out.minimum = min;
			if (max !== undefined) out.maximum = max;
			return out;
		}
		case "boolean":
			return { type: "boolean" };
		case "literal":
			return { type: typeof node.value, const: node.value };
		case "enum":
			return { type: "string", enum: [...node.values] };
		case "array": {
			const out: JsonSchema = { type: "array", items: child(node.item) };
			if (node.minItems !== undefined) out.minItems = node.minItems;
			if (node.maxItems !== undefined) out.maxItems = node.maxItems;
			return out;
		}
		case "optional":
			return child(node.inner);
		case "object": {
			const properties: Record<string, JsonSchema> = {};
			const required: string[] = [];
			for (const key of Object.keys(node.shape).sort()) {
				const field = node.shape[key] as SchemaNode;
				properties[key] = field.kind === "optional" ? orNull(child(field)) : child(field);
				if (field.kind !== "optional") required.push(key);
			}
			const out: JsonSchema = { type: "object", properties, additionalProperties: false };
			if (required.length > 0) out.required = required;
			return out;
		}
		case "record": {
			// A null value drops its key like any null member; keys are names (single-line).
			const out: JsonSchema = { type: "object", additionalProperties: orNull(child(node.value)), propertyNames: { pattern: SINGLE_LINE_PATTERN } };
			if (node.maxEntries !== undefined) out.maxProperties = node.maxEntries;
			return out;
		}
		case "union":
			return { type: "object", oneOf: node.variants.map(child), discriminator: { propertyName: node.tag } };
		case "unknown":
			return {};
	}
}
