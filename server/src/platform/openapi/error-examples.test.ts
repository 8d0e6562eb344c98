/**
 * The error examples in the served OpenAPI document are the registry's real ones (shared ERROR_EXAMPLES), and
 * each operation's validation_failed example names only fields its own request body has.
 */
import request from "supertest";
import { ERROR_CODES, ERROR_EXAMPLES, ErrorResponse, ValidationErrorDetails } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";

// biome-ignore lint/suspicious/noExplicitAny: the test walks the served document as plain JSON.
type Json = Record<string, any>;

let database: TestDatabase;
let t: TestApp;
let document: Json;
beforeAll(async () => {
	database = await createTestDatabase("error_examples");
	t = await startTestApp({ database });
	document = (await request(t.app).get("/openapi.json")).body;
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** Every documented error example, with where it is. */
function errorExamples(): Array<{ where: string; op: Json; code: string; value: Json }> {
	const found = [];
	for (const [path, item] of Object.entries(document.paths as Json)) {
		for (const [method, op] of Object.entries(item as Json)) {
			for (const response of Object.values((op as Json).responses as Json)) {
				const examples = (response as Json).content?.["application/json"]?.examples ?? {};
				for (const [code, example] of Object.entries(examples as Json))
					found.push({ where: `${method.toUpperCase()} ${path}`, op: op as Json, code, value: (example as Json).value });
			}
		}
	}
	return found;
}

/** The top-level members of an operation's JSON request body (through its component $ref). */
function bodySchema(op: Json): Json {
	let schema = op.requestBody?.content?.["application/json"]?.schema ?? {};
	if (Array.isArray(schema.allOf)) schema = schema.allOf[0];
	if (typeof schema.$ref === "string") schema = document.components.schemas[schema.$ref.split("/").pop()];
	return schema;
}

function bodyMembers(op: Json): string[] {
	return Object.keys(bodySchema(op).properties ?? {});
}

describe("error examples in the OpenAPI document", () => {
	it("every code has a real example in the registry, none a placeholder", () => {
		expect(Object.keys(ERROR_EXAMPLES).sort()).toEqual([...ERROR_CODES].sort());
		for (const [code, example] of Object.entries(ERROR_EXAMPLES)) {
			expect({ code, placeholder: /an example|lorem|todo/i.test(example.message) }).toEqual({ code, placeholder: false });
			expect(parse(ErrorResponse, { error: { code, ...example, requestId: "r" } }, { unknownKeys: "reject" }).ok).toBe(true);
		}
	});

	it("documents the registry's message for each code, in the ErrorResponse shape", () => {
		const examples = errorExamples();
		expect(examples.length).toBeGreaterThan(100);
		for (const { where, code, value } of examples) {
			expect({ where, code, message: value.error.message }).toEqual({ where, code, message: ERROR_EXAMPLES[code as keyof typeof ERROR_EXAMPLES].message });
			expect({ where, code, ok: parse(ErrorResponse, value, { unknownKeys: "reject" }).ok }).toEqual({ where, code, ok: true });
		}
	});

	it("gives each operation's validation_failed example issues about its own body's fields only", () => {
		let checked = 0;
		for (const { where, op, code, value } of errorExamples()) {
			if (code !== "validation_failed" || op.requestBody?.content?.["application/json"] === undefined) continue;
			checked++;
			const details = parse(ValidationErrorDetails, value.error.details, { unknownKeys: "reject" });
			expect({ where, ok: details.ok }).toEqual({ where, ok: true });
			const members = bodyMembers(op);
			// A list body (a provider's batch of events) or a free-form record (a provider's event) is refused for its type.
			if (bodySchema(op).type === "array" || (members.length === 0 && typeof bodySchema(op).additionalProperties === "object")) {
				expect({ where, codes: value.error.details.issues.map((issue: { code: string }) => issue.code) }).toEqual({ where, codes: ["invalid_type"] });
				continue;
			}
			for (const issue of value.error.details.issues as Array<{ path: string; code: string }>) {
				const member = issue.path.split("/")[1];
				// An empty body ({}) can only be refused for a member it does not have.
				if (members.length === 0) {
					expect({ where, code: issue.code }).toEqual({ where, code: "unknown_key" });
					continue;
				}
				expect({ where, path: issue.path, members, known: members.includes(member) }).toEqual({ where, path: issue.path, members, known: true });
			}
		}
		expect(checked).toBeGreaterThan(20);
	});

	it("login's 422 example is about login's own fields (email, password), not another operation's", () => {
		const login = document.paths["/v1/auth/login"].post;
		const issues = login.responses["422"].content["application/json"].examples.validation_failed.value.error.details.issues as Array<{ path: string }>;
		expect(issues.map((issue) => issue.path)).toEqual(["/email", "/password"]);
		expect(JSON.stringify(login)).not.toContain("/batchId");
	});
});
