/**
 * The served OpenAPI document, checked generically: every operation any module registers (now or later)
 * is covered without touching this file.
 */
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import request from "supertest";
import { CONTRACTS, ERROR_CODES } from "@toolboxai/shared";
import { ERROR_STATUS } from "../../errors/error-status";
import { echoModule } from "../../http/__tests__/echo-module";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import type { AppModule } from "../../http/app-module";
import { OPENAPI_31_SHAPE } from "./openapi-shape";
import { BODY_ERRORS } from "../../http/registry";

// biome-ignore lint/suspicious/noExplicitAny: the test walks the served document as plain JSON, many levels deep; typing each level would only add casts.
type Json = Record<string, any>;
const METHODS = ["get", "put", "post", "delete", "patch"];
/**
 * An example is refused when the answer's code says the body was (BODY_ERRORS, or the generic bad_request) —
 * not every 4xx: RFC 8628's device poll answers 400 authorization_pending to a perfectly good body.
 */
const SIGNED_WEBHOOKS = new Set(["receiveStripeWebhook"]);

function inputRejected(res: request.Response): boolean {
	const code = res.body?.error?.code;
	return code === "bad_request" || BODY_ERRORS.includes(code);
}

/** Ajv over the document's component schemas, with `#/components/schemas/X` resolvable. */
function schemaValidator(document: Json) {
	const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true });
	addFormats(ajv);
	ajv.addFormat("sha256", true);
	ajv.addFormat("semver", true); // the emitted schema also carries a `pattern` for semver, which ajv checks
	const rewrite = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll("#/components/schemas/", "components#/$defs/"));
	ajv.addSchema({ $id: "components", $defs: rewrite(document.components.schemas) });
	return {
		ajv,
		compile: (schema: unknown): ValidateFunction => ajv.compile(rewrite(schema)),
	};
}

function operationsOf(document: Json): Array<{ path: string; method: string; op: Json }> {
	const found = [];
	for (const [path, item] of Object.entries(document.paths as Json)) {
		for (const method of METHODS) if ((item as Json)[method] !== undefined) found.push({ path, method, op: (item as Json)[method] });
	}
	return found;
}

describe.each<[string, ReadonlyArray<AppModule>]>([
	["the service", []],
	["the service plus a body operation", [echoModule]],
])("OpenAPI document of %s", (_label, extraModules) => {
	let database: TestDatabase;
	let t: TestApp;
	let document: Json;

	beforeAll(async () => {
		database = await createTestDatabase("openapi");
		t = await startTestApp({ database, extraModules });
		const res = await request(t.app).get("/openapi.json");
		expect(res.status).toBe(200);
		expect(res.headers["content-type"]).toMatch(/^application\/json/);
		document = res.body;
	});
	afterAll(async () => {
		await t?.close();
		await database?.drop();
	});

	it("has the OpenAPI 3.1 shape", () => {
		const validate = new Ajv2020({ strict: false, allErrors: true }).compile(OPENAPI_31_SHAPE);
		expect(validate(document) ? [] : validate.errors).toEqual([]);
		expect(operationsOf(document).length).toBeGreaterThanOrEqual(3);
	});

	it("declares each operation's security; every secured operation refuses a caller without credentials (401 + Bearer challenge)", async () => {
		const schemes = Object.keys(document.components.securitySchemes);
		expect(schemes.sort()).toEqual(["accessToken", "apiKey", "apiKeyBearer"]);
		let secured = 0;
		for (const { path, method, op } of operationsOf(document)) {
			const where = `${method.toUpperCase()} ${path}`;
			expect({ where, security: Array.isArray(op.security) }).toEqual({ where, security: true });
			for (const requirement of op.security) for (const name of Object.keys(requirement)) expect(schemes).toContain(name);
			if (op.security.length === 0) continue;
			secured++;
			expect({ where, codes: [...op.responses["401"]["x-error-codes"], ...op.responses["403"]["x-error-codes"]] }).toEqual({
				where,
				codes: expect.arrayContaining(["unauthenticated", "forbidden"]),
			});
			const url = path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
			const res = await (request(t.app) as unknown as Record<string, (url: string) => request.Test>)[method](url).send({});
			expect({ where, status: res.status, challenge: res.headers["www-authenticate"] }).toEqual({ where, status: 401, challenge: expect.stringMatching(/^Bearer/) });
		}
		expect(secured).toBeGreaterThan(0);
	});

	it("has every shared contract as a component schema that Ajv (2020-12) compiles, and its example validates", () => {
		const { compile } = schemaValidator(document);
		expect(Object.keys(document.components.schemas).sort()).toEqual(Object.keys(CONTRACTS).sort());
		for (const [name, schema] of Object.entries(document.components.schemas as Json)) {
			const validate = compile({ $ref: `#/components/schemas/${name}` });
			for (const example of (schema as Json).examples ?? []) expect({ name, errors: validate(example) ? null : validate.errors }).toEqual({ name, errors: null });
		}
	});

	it("gives every operation a unique operationId, a summary, and its error responses as ErrorResponse", () => {
		const ids = new Set<string>();
		for (const { path, method, op } of operationsOf(document)) {
			const where = `${method.toUpperCase()} ${path}`;
			expect({ where, summary: typeof op.summary === "string" && op.summary.length > 0 }).toEqual({ where, summary: true });
			expect(ids.has(op.operationId)).toBe(false);
			ids.add(op.operationId);
			const statuses = Object.keys(op.responses).map(Number);
			const errorStatuses = statuses.filter((s) => op.responses[String(s)]["x-error-codes"] !== undefined);
			expect({ where, hasSuccess: statuses.some((s) => s < 400), hasInternal: errorStatuses.includes(500) }).toEqual({ where, hasSuccess: true, hasInternal: true });
			// Client errors are always the error shape; only a documented reply (e.g. 503 Readiness) may be a 5xx without it.
			expect(statuses.filter((s) => s >= 400 && s < 500 && !errorStatuses.includes(s))).toEqual([]);
			for (const status of errorStatuses) {
				const response = op.responses[String(status)];
				const media = response.content["application/json"];
				expect({ where, status, schema: media.schema }).toEqual({ where, status, schema: { $ref: "#/components/schemas/ErrorResponse" } });
				expect(Object.keys(media.examples).sort()).toEqual([...response["x-error-codes"]].sort());
				for (const [code, example] of Object.entries(media.examples as Json)) {
					expect(ERROR_CODES).toContain(code);
					expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS]).toBe(status);
					expect((example as Json).value.error.code).toBe(code);
				}
			}
			if (op.requestBody !== undefined) {
				// A JSON body can be malformed (400) or off-contract (422); bytes (a file) only too large or of another type.
				const json = "application/json" in op.requestBody.content;
				for (const status of json ? [400, 413, 415, 422] : [413, 415]) expect({ where, status, listed: status in op.responses }).toEqual({ where, status, listed: true });
			}
		}
	});

	it("accepts every operation's request example when sent to the running service", async () => {
		const { compile } = schemaValidator(document);
		for (const { path, method, op } of operationsOf(document)) {
			if (op.requestBody === undefined) continue;
			// A signed webhook refuses an unsigned body by design (400); its own suite sends signed examples.
			const signed = SIGNED_WEBHOOKS.has(op.operationId);
			const url = path.replace(/\{[^}]+\}/g, "example");
			const media = op.requestBody.content["application/json"];
			if (media === undefined) {
				// A raw-body operation: every media type it lists is binary, and a few bytes of each are not refused as a body.
				for (const [type, binary] of Object.entries(op.requestBody.content as Json)) {
					expect({ path, type, schema: binary.schema }).toEqual({ path, type, schema: { type: "string", format: "binary", contentMediaType: type } });
					const res = await (request(t.app) as unknown as Record<string, (url: string) => request.Test>)[method](url).set("Content-Type", type).send(Buffer.from("example bytes"));
					expect({ operation: op.operationId, type, rejected: inputRejected(res) ? res.body : false }).toEqual({ operation: op.operationId, type, rejected: false });
				}
				continue;
			}
			const validate = compile(media.schema);
			expect({ path, example: validate(media.example) ? "valid" : validate.errors }).toEqual({ path, example: "valid" });
			const res = await (request(t.app) as unknown as Record<string, (url: string) => request.Test>)[method](url).send(media.example);
			expect({ operation: op.operationId, rejected: inputRejected(res) && !signed ? res.body : false }).toEqual({ operation: op.operationId, rejected: false });
		}
		if (extraModules.length > 0) expect(operationsOf(document).some(({ op }) => op.requestBody !== undefined)).toBe(true);
		if (extraModules.length > 0) expect(operationsOf(document).some(({ op }) => op.requestBody?.content["application/octet-stream"] !== undefined)).toBe(true);
	});

	it("says what null and control characters mean, and the service does what the document says", async () => {
		expect(document.info.description).toMatch(/null is the same as a member left out/);
		expect(document.info.description).toMatch(/array item is refused/);
		// Every optional member of every object schema also allows null; required members and array items do not.
		const walk = (schema: Json, where: string): void => {
			if (schema === null || typeof schema !== "object") return;
			if (schema.type === "object" && schema.properties !== undefined) {
				const required = new Set<string>(schema.required ?? []);
				for (const [key, member] of Object.entries(schema.properties as Json)) {
					const nullable = Array.isArray(member.anyOf) && member.anyOf.some((branch: Json) => branch.type === "null");
					expect({ where: `${where}/${key}`, nullable }).toEqual({ where: `${where}/${key}`, nullable: !required.has(key) });
				}
			}
			if (schema.type === "string" && schema.format === undefined && schema.enum === undefined && schema.const === undefined)
				expect({ where, pattern: typeof schema.pattern }).toEqual({ where, pattern: "string" });
			for (const value of Object.values(schema)) if (value !== null && typeof value === "object") walk(value as Json, where);
		};
		for (const [name, schema] of Object.entries(document.components.schemas as Json)) walk(schema as Json, name);
		if (extraModules.length === 0) return;
		const { compile } = schemaValidator(document);
		const op = document.paths["/v1/test/echo"].post;
		const validate = compile(op.requestBody.content["application/json"].schema);
		const bodies = [
			'{"name":"Ada","nickname":null,"items":[]}',
			'{"name":"Ada","items":[null]}',
			'{"name":null,"items":[]}',
			'{"name":"A\\u0000","items":[]}',
			'{"name":"Ada","nickname":"a\\tb\\nc","items":[]}',
			'{"name":"Ada","nickname":"\\u001b","items":[]}',
		];
		for (const body of bodies) {
			const res = await request(t.app).post("/v1/test/echo").set("Content-Type", "application/json").send(body);
			expect({ body, documented: validate(JSON.parse(body)), served: res.status === 200 }).toEqual({ body, documented: res.status === 200, served: res.status === 200 });
		}
	});

	it("answers every parameterless GET with a body its documented schema accepts", async () => {
		const { compile } = schemaValidator(document);
		for (const { path, method, op } of operationsOf(document)) {
			if (method !== "get" || path.includes("{")) continue;
			const res = await request(t.app).get(path);
			const documented = op.responses[String(res.status)];
			expect({ path, status: res.status, documented: documented !== undefined }).toEqual({ path, status: res.status, documented: true });
			const validate = compile(documented.content["application/json"].schema);
			expect({ path, errors: validate(res.body) ? null : validate.errors }).toEqual({ path, errors: null });
		}
	});
});

describe("GET /docs", () => {
	let database: TestDatabase;
	let t: TestApp;
	beforeAll(async () => {
		database = await createTestDatabase("docs");
		t = await startTestApp({ database });
	});
	afterAll(async () => {
		await t?.close();
		await database?.drop();
	});

	it("serves Swagger UI from local files only, pointed at /openapi.json", async () => {
		const page = await request(t.app).get("/docs");
		expect(page.status).toBe(200);
		expect(page.headers["content-type"]).toMatch(/^text\/html/);
		const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
		expect(sources).toEqual(["/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js", "/docs/init.js"]);
		for (const source of sources) {
			const asset = await request(t.app).get(source);
			expect({ source, status: asset.status }).toEqual({ source, status: 200 });
			expect(asset.headers["content-type"]).toMatch(/css|javascript/);
		}
		expect((await request(t.app).get("/docs/init.js")).text).toContain('url: "/openapi.json"');
		expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
	});

	it("answers an unknown docs asset with the JSON 404", async () => {
		const res = await request(t.app).get("/docs/assets/nope.js");
		expect(res.status).toBe(404);
		expect(res.body.error.code).toBe("not_found");
	});
});
