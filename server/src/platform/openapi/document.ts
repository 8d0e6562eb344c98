import { CONTRACTS, ERROR_EXAMPLES, PROTOCOL_VERSION, type AnySchema, type ErrorCode, type JsonSchema } from "@toolboxai/shared";
import { parse, toJsonSchema } from "@toolboxai/shared/node";
import { ERROR_STATUS } from "../../errors/error-status";
import { PROTOCOL_HEADER } from "../../http/protocol-header";
import type { RouteRegistry } from "../../http/registry";
import type { AnyRouteDefinition, QueryParameter, ResponseContract } from "../../http/route";
import { REQUEST_ID_HEADER } from "../../logging/http-logger";

export type OpenApiDocument = { [key: string]: unknown };

const COMPONENTS = "#/components/schemas/";
const namedContracts = new Map<AnySchema, string>(Object.entries(CONTRACTS).map(([name, schema]) => [schema as AnySchema, name]));

/** A `$ref` for a named contract (shared CONTRACTS), the inline JSON Schema otherwise. */
function schemaFor(schema: AnySchema): JsonSchema {
	const name = namedContracts.get(schema);
	if (name !== undefined) return { $ref: `${COMPONENTS}${name}` };
	return toJsonSchema(schema, { refs: namedContracts });
}

const COMMON_HEADERS = {
	[REQUEST_ID_HEADER]: { $ref: "#/components/headers/RequestId" },
	[PROTOCOL_HEADER]: { $ref: "#/components/headers/ProtocolVersion" },
};

function successResponse(contract: ResponseContract<unknown>) {
	return {
		description: contract.description,
		headers: COMMON_HEADERS,
		content: { [contract.contentType ?? "application/json"]: { schema: schemaFor(contract.body) } },
	};
}

/**
 * The issues this operation's own body contract raises for a body missing what it requires (or, when nothing is
 * required, for its example with the first member of the wrong type): a validation_failed example that names
 * only fields the operation has.
 */
export function validationIssuesFor(route: AnyRouteDefinition): unknown {
	if (route.request === undefined) return ERROR_EXAMPLES.validation_failed.details;
	const body = route.request.body;
	const missing = parse(body, {}, { unknownKeys: "reject" });
	if (!missing.ok) return { issues: missing.issues.slice(0, 2) };
	const example = (route.request.example ?? {}) as Record<string, unknown>;
	const members = [...Object.keys(example), ...Object.keys((toJsonSchema(body) as { properties?: object }).properties ?? {})];
	for (const member of members) {
		for (const wrong of [12, "twelve"]) {
			const refused = parse(body, { ...example, [member]: wrong }, { unknownKeys: "reject" });
			if (!refused.ok) return { issues: refused.issues.slice(0, 1) };
		}
	}
	// A body with no members (e.g. {}) refuses only members it does not have.
	const extra = parse(body, { ...example, note: "twelve" }, { unknownKeys: "reject" });
	if (!extra.ok) return { issues: extra.issues.slice(0, 1) };
	// A free-form body (a provider's event, taken as it comes) refuses only what is not an object.
	const notObject = parse(body, "twelve", { unknownKeys: "reject" });
	return notObject.ok ? ERROR_EXAMPLES.validation_failed.details : { issues: notObject.issues.slice(0, 1) };
}

/** One response per status, listing the error codes behind it, each with a real example body (ERROR_EXAMPLES). */
function errorResponses(codes: ReadonlyArray<ErrorCode>, route: AnyRouteDefinition) {
	const byStatus = new Map<number, ErrorCode[]>();
	for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
	const responses: Record<string, unknown> = {};
	for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
		const examples: Record<string, unknown> = {};
		for (const code of group) {
			const { message, details } = ERROR_EXAMPLES[code];
			const error: Record<string, unknown> = { code, message, requestId: "3f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b" };
			const exampleDetails = code === "validation_failed" ? validationIssuesFor(route) : details;
			if (exampleDetails !== undefined) error.details = exampleDetails;
			examples[code] = { summary: code === "validation_failed" ? "details: ValidationErrorDetails" : code, value: { error } };
		}
		responses[String(status)] = {
			description: `Error: ${group.join(", ")}`,
			"x-error-codes": group,
			headers: status === 429 ? { ...COMMON_HEADERS, "Retry-After": { $ref: "#/components/headers/RetryAfter" } } : COMMON_HEADERS,
			content: { "application/json": { schema: { $ref: `${COMPONENTS}ErrorResponse` }, examples } },
		};
	}
	return responses;
}

/** A query parameter as OpenAPI states it; its value schema is the route's own declaration. */
function queryParameter(parameter: QueryParameter) {
	return { name: parameter.name, in: "query", required: parameter.required === true, description: parameter.description, schema: { ...parameter.schema } };
}

/** The body's contract, and when the route says so, that exactly one of some fields is given (oneOf of `required`). */
function requestSchema(body: AnySchema, exactlyOneOf: ReadonlyArray<string> | undefined): JsonSchema {
	if (exactlyOneOf === undefined) return schemaFor(body);
	return { allOf: [schemaFor(body), { oneOf: exactlyOneOf.map((field) => ({ type: "object", required: [field] })) }] };
}

/** Express `:name` segments become OpenAPI `{name}` templates and path parameters. */
function openApiPath(expressPath: string): { path: string; parameters: unknown[] } {
	const parameters: unknown[] = [];
	const path = expressPath.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
		parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
		return `{${name}}`;
	});
	return { path, parameters };
}

function operation(registry: RouteRegistry, route: AnyRouteDefinition, parameters: unknown[]) {
	const responses: Record<string, unknown> = {};
	for (const contract of [route.response, ...(route.otherResponses ?? [])]) responses[String(contract.status)] = successResponse(contract);
	for (const [status, response] of Object.entries(errorResponses(registry.errorsOf(route), route))) {
		// One status, one schema: a reply (e.g. 503 Readiness) and an error on the same status cannot both be documented.
		if (status in responses) throw new Error(`${route.operationId}: status ${status} is declared both as a reply and as an error`);
		responses[status] = response;
	}
	const op: Record<string, unknown> = { operationId: route.operationId, summary: route.summary, tags: [...route.tags], security: securityOf(route) };
	if (route.description !== undefined) op.description = route.description;
	const allParameters = [...parameters, ...(route.query ?? []).map(queryParameter)];
	if (allParameters.length > 0) op.parameters = allParameters;
	if (route.request !== undefined) {
		const { exactlyOneOf } = route.request;
		const oneOfText = exactlyOneOf === undefined ? undefined : `Exactly one of ${exactlyOneOf.join(" or ")}.`;
		const description = [route.request.description, oneOfText].filter((text) => text !== undefined).join(" ");
		op.requestBody = {
			required: true,
			...(description === "" ? {} : { description }),
			content: { "application/json": { schema: requestSchema(route.request.body, exactlyOneOf), example: route.request.example } },
		};
	}
	if (route.rawBody !== undefined) {
		const { contentTypes, maxBytes, description } = route.rawBody;
		op.requestBody = {
			required: true,
			description: `${description ?? "The file's bytes."} At most ${maxBytes} bytes.`,
			// Bytes, not JSON: `format: binary` is what generators and Swagger UI read as a file; contentMediaType is 3.1's way.
			content: Object.fromEntries(contentTypes.map((type) => [type, { schema: { type: "string", format: "binary", contentMediaType: type } }])),
		};
	}
	op.responses = responses;
	return op;
}

/** The security schemes behind each kind of access (http/authenticate.ts checks them). */
const SECURITY_SCHEMES = {
	accessToken: {
		type: "http",
		scheme: "bearer",
		bearerFormat: "JWT",
		description: "A signed-in person's access token (EdDSA JWT, 15 minutes) from /v1/auth/login, /v1/auth/refresh or the device grant. Keys at /.well-known/jwks.json.",
	},
	apiKey: { type: "apiKey", in: "header", name: "X-Api-Key", description: "A game server's API key (tbx_…), with the scope the operation names." },
	apiKeyBearer: { type: "http", scheme: "bearer", description: "The same API key sent as Authorization: Bearer tbx_…" },
};

/** Public: none (an empty list). User: an access token. API key: the key in either header, with the operation's scope. */
function securityOf(route: AnyRouteDefinition): Array<Record<string, string[]>> {
	const access = route.access;
	if (access.kind === "public") return [];
	if (access.kind === "user") return [{ accessToken: [] }];
	if (access.kind === "user_or_api_key") return [{ accessToken: [] }, { apiKey: [access.scope] }, { apiKeyBearer: [access.scope] }];
	const scopes = access.scope === "any" ? [] : [access.scope];
	return [{ apiKey: scopes }, { apiKeyBearer: scopes }];
}

export interface DocumentInfo {
	readonly serverVersion: string;
	readonly publicUrl: string;
}

/** OpenAPI 3.1 for every registered operation; component schemas are the shared contracts, emitted once. */
export function buildOpenApiDocument(registry: RouteRegistry, info: DocumentInfo): OpenApiDocument {
	const paths: Record<string, Record<string, unknown>> = {};
	for (const route of registry.operations) {
		const { path, parameters } = openApiPath(route.path);
		paths[path] = { ...(paths[path] ?? {}), [route.method]: operation(registry, route, parameters) };
	}
	const schemas: Record<string, JsonSchema> = {};
	for (const [schema, name] of namedContracts) schemas[name] = toJsonSchema(schema, { refs: namedContracts });
	const tags = [...new Set(registry.operations.flatMap((r) => r.tags))].sort().map((name) => ({ name }));
	return {
		openapi: "3.1.0",
		info: {
			title: "ToolBoxAI service",
			version: info.serverVersion,
			description:
				"New here? [Getting started](/docs/getting-started) walks from signing up a school to a student's progress, with curl.\n\n" +
				`Companion service for the ToolBoxAI Studio plugin, game modules and admin dashboard. Wire protocol ${PROTOCOL_VERSION}: ` +
				`every response carries it in the ${PROTOCOL_HEADER} header, and clients refuse a server with another major version. ` +
				`Replies are \`Cache-Control: no-store\` unless an operation says otherwise. Every error has the ErrorResponse shape; quote its requestId (also in ${REQUEST_ID_HEADER}) when asking for support. ` +
				"Game servers calling with an API key name themselves in the X-Roblox-Job-Id header (their game.JobId: 1-64 letters, digits or hyphens; anything else is 400): " +
				"the service limits each game server, and each key across its servers, instead of one budget per key. " +
				"JSON bodies follow Roblox's JSON rule, which the game and plugin share: a member set to null is the same as a member left out " +
				"(so an optional member may be null: it changes nothing; a required one is then missing), while null as an array item is refused (422). " +
				"Strings never contain U+0000; text we receive refuses the other control characters (U+0001–U+001F, U+007F) except tab, line feed and " +
				"carriage return in free text, and ids, names and titles are one line (each string's pattern says which); text stored before that rule " +
				"is returned as it was stored.",
		},
		servers: [{ url: info.publicUrl }],
		tags,
		paths,
		components: {
			schemas,
			securitySchemes: SECURITY_SCHEMES,
			headers: {
				RequestId: {
					description: "The request's id: the caller's X-Request-Id when it is sane, otherwise a new UUID.",
					schema: { type: "string", maxLength: 128 },
				},
				RetryAfter: { description: "Seconds to wait before trying again; every 429 carries it.", required: true, schema: { type: "integer", minimum: 1 } },
				ProtocolVersion: { description: "The wire protocol version this server speaks (semver).", schema: { type: "string", const: PROTOCOL_VERSION } },
			},
		},
	};
}
