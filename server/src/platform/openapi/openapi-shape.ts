/**
 * The parts of the OpenAPI 3.1 document shape this service emits, as JSON Schema 2020-12 (tests only; our
 * own condensed reading of the specification, not a copy of the official schema). Stricter than the
 * spec where we choose to be: every operation needs an operationId and a summary.
 */
const mediaTypes = {
	type: "object",
	minProperties: 1,
	additionalProperties: {
		type: "object",
		required: ["schema"],
		properties: { schema: { type: "object" }, example: true, examples: { type: "object" } },
		additionalProperties: false,
	},
};

const response = {
	type: "object",
	required: ["description"],
	properties: {
		description: { type: "string", minLength: 1 },
		headers: { type: "object", additionalProperties: { type: "object", required: ["$ref"] } },
		content: mediaTypes,
	},
	patternProperties: { "^x-": true },
	additionalProperties: false,
};

const operation = {
	type: "object",
	required: ["operationId", "summary", "responses"],
	properties: {
		operationId: { type: "string", pattern: "^[a-z][A-Za-z0-9]*$" },
		summary: { type: "string", minLength: 1 },
		description: { type: "string" },
		tags: { type: "array", items: { type: "string" } },
		security: { type: "array", items: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } } },
		parameters: {
			type: "array",
			items: {
				type: "object",
				required: ["name", "in", "schema"],
				properties: { name: { type: "string" }, in: { enum: ["path", "query", "header", "cookie"] }, required: { type: "boolean" }, schema: { type: "object" } },
			},
		},
		requestBody: {
			type: "object",
			required: ["content"],
			properties: { required: { type: "boolean" }, description: { type: "string" }, content: mediaTypes },
			additionalProperties: false,
		},
		responses: {
			type: "object",
			minProperties: 1,
			propertyNames: { pattern: "^([1-5][0-9][0-9]|default)$" },
			additionalProperties: response,
		},
	},
	additionalProperties: false,
};

export const OPENAPI_31_SHAPE = {
	$schema: "https://json-schema.org/draft/2020-12/schema",
	type: "object",
	required: ["openapi", "info", "paths", "components"],
	properties: {
		openapi: { type: "string", pattern: "^3\\.1\\.\\d+$" },
		info: {
			type: "object",
			required: ["title", "version"],
			properties: { title: { type: "string", minLength: 1 }, version: { type: "string", minLength: 1 }, description: { type: "string" } },
		},
		servers: { type: "array", items: { type: "object", required: ["url"], properties: { url: { type: "string" } } } },
		tags: { type: "array", items: { type: "object", required: ["name"] } },
		paths: {
			type: "object",
			propertyNames: { pattern: "^/" },
			additionalProperties: {
				type: "object",
				propertyNames: { enum: ["get", "put", "post", "delete", "options", "head", "patch", "trace"] },
				additionalProperties: operation,
			},
		},
		components: {
			type: "object",
			properties: {
				schemas: { type: "object", additionalProperties: { type: "object" } },
				headers: { type: "object", additionalProperties: { type: "object", required: ["schema"] } },
				securitySchemes: {
					type: "object",
					additionalProperties: {
						type: "object",
						required: ["type"],
						properties: {
							type: { enum: ["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"] },
							scheme: { type: "string" },
							in: { enum: ["query", "header", "cookie"] },
							name: { type: "string" },
						},
					},
				},
			},
		},
	},
};
