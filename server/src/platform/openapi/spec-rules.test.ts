/**
 * What the OpenAPI document states, the running service does: required query parameters, bodies that take exactly
 * one of two fields, and each path's methods (OPTIONS, 405). Walked over the whole document, so a route added later
 * is covered without touching this file.
 */
import { randomUUID } from "node:crypto";
import Ajv2020 from "ajv/dist/2020";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, signupSchool, type SchoolAdmin } from "../../modules/tenancy/__tests__/tenancy-fixtures";

// biome-ignore lint/suspicious/noExplicitAny: the served document is walked as plain JSON.
type Json = Record<string, any>;
const METHODS = ["get", "put", "post", "delete", "patch"];

let database: TestDatabase;
let t: TestApp;
let document: Json;
let admin: SchoolAdmin;

beforeAll(async () => {
	database = await createTestDatabase("spec_rules");
	t = await startTestApp({ database });
	document = (await request(t.app).get("/openapi.json")).body;
	admin = await signupSchool(t, "Spec Rules School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

function operations(): Array<{ path: string; method: string; op: Json }> {
	return Object.entries(document.paths as Json).flatMap(([path, item]) =>
		METHODS.filter((method) => item[method] !== undefined).map((method) => ({ path, method, op: item[method] })),
	);
}

const call = (method: string, url: string) => (request(t.app) as unknown as Record<string, (url: string) => request.Test>)[method](url);
/** Every {template} of a path filled with a fresh id: the URL matches that path and no literal one. */
const urlOf = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

describe("query parameters", () => {
	it("states the ones the service reads: the lesson diff's from and to are required, a list's limit and cursor are not", () => {
		const parameters = (operationId: string) =>
			operations()
				.find(({ op }) => op.operationId === operationId)
				?.op.parameters.filter((p: Json) => p.in === "query")
				.map((p: Json) => [p.name, p.required]);
		expect(parameters("diffLessonVersions")).toEqual([
			["from", true],
			["to", true],
		]);
		expect(parameters("listAuditEvents")).toEqual([
			["limit", false],
			["cursor", false],
			["who", false],
			["action", false],
			["from", false],
			["to", false],
		]);
		expect(parameters("listLessons")).toEqual(expect.arrayContaining([["status", false]]));
	});

	it("every query parameter has a schema Ajv compiles, and every operation that reads any documents 400", () => {
		const ajv = new Ajv2020({ strict: true });
		// The one string format a query parameter may state; the routes check it themselves (400 otherwise).
		ajv.addFormat("date-time", true);
		let checked = 0;
		for (const { path, method, op } of operations()) {
			const query = (op.parameters ?? []).filter((p: Json) => p.in === "query");
			if (query.length === 0) continue;
			checked++;
			for (const parameter of query) expect(() => ajv.compile(parameter.schema)).not.toThrow();
			expect({ where: `${method} ${path}`, has400: "400" in op.responses }).toEqual({ where: `${method} ${path}`, has400: true });
		}
		expect(checked).toBeGreaterThanOrEqual(8);
	});

	it("an operation called without a required query parameter answers 400 bad_request naming what is missing", async () => {
		let checked = 0;
		for (const { path, method, op } of operations()) {
			const required = (op.parameters ?? []).filter((p: Json) => p.in === "query" && p.required).map((p: Json) => p.name as string);
			if (required.length === 0) continue;
			checked++;
			const res = await call(method, urlOf(path)).set(bearer(admin.token));
			expect({ operation: op.operationId, status: res.status, code: res.body.error?.code, missing: res.body.error?.details?.missing }).toEqual({
				operation: op.operationId,
				status: 400,
				code: "bad_request",
				missing: required,
			});
			// With the first given, the others are still named (an operation with one required parameter has no others).
			if (required.length === 1) continue;
			const one = await call(method, `${urlOf(path)}?${required[0]}=1.0.0`).set(bearer(admin.token));
			expect({ operation: op.operationId, missing: one.body.error?.details?.missing }).toEqual({ operation: op.operationId, missing: required.slice(1) });
		}
		expect(checked).toBeGreaterThan(0);
	});
});

describe("a body that takes exactly one of two fields", () => {
	const plan = () => operations().find(({ op }) => op.operationId === "planDeployment")?.op as Json;
	const release = { place: { sha256: "a".repeat(64), size: 10, fileName: "ToolBoxAI.rbxl" }, assets: [] };

	it("says so in the document (oneOf), and the document's schema refuses both and neither", () => {
		const media = plan().requestBody.content["application/json"];
		expect(plan().requestBody.description).toContain("Exactly one of releaseId or release.");
		const oneOf = media.schema.allOf[1].oneOf;
		expect(oneOf).toEqual([
			{ type: "object", required: ["releaseId"] },
			{ type: "object", required: ["release"] },
		]);
		const validate = new Ajv2020({ strict: false }).compile({ oneOf });
		expect([validate({ releaseId: randomUUID() }), validate({ release }), validate({ releaseId: randomUUID(), release }), validate({})]).toEqual([true, true, false, false]);
	});

	it("and the service refuses both and neither with 422", async () => {
		for (const body of [{ environment: "staging" }, { environment: "staging", releaseId: randomUUID(), release }]) {
			const res = await request(t.app).post("/v1/deployments/plan").set(bearer(admin.token)).send(body);
			expect([res.status, res.body.error.code]).toEqual([422, "validation_failed"]);
		}
	});
});

describe("each path's methods", () => {
	it("OPTIONS on every documented path answers 204 with exactly its documented methods", async () => {
		for (const [path, item] of Object.entries(document.paths as Json)) {
			const documented = METHODS.filter((method) => item[method] !== undefined).flatMap((method) => (method === "get" ? ["GET", "HEAD"] : [method.toUpperCase()]));
			const res = await request(t.app).options(urlOf(path));
			expect({ path, status: res.status, allow: (res.headers.allow ?? "").split(", ").sort() }).toEqual({ path, status: 204, allow: documented.sort() });
		}
	});

	it("a literal path is answered as itself, never as a template that also matches it", async () => {
		const decision = await request(t.app).get("/v1/auth/device/decision").set(bearer(admin.token));
		expect([decision.status, decision.body.error.code, decision.headers.allow]).toEqual([405, "method_not_allowed", "POST"]);
		expect((await request(t.app).options("/v1/auth/device/decision")).headers.allow).toBe("POST");
		expect((await request(t.app).options("/v1/auth/device/code")).headers.allow).toBe("POST");
		// The template still serves everything else.
		const lookup = await request(t.app).get("/v1/auth/device/BDFG-HJKL").set(bearer(admin.token));
		expect([lookup.status, lookup.body.error.code]).toEqual([404, "not_found"]);
	});
});
