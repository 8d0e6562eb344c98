/**
 * Replies that carry a token, a secret or a person's data must never be kept by a browser or proxy. Walks the
 * served OpenAPI document: every operation whose success body has such a field is called as a signed-in admin
 * (or with an API key, or in public, as the operation says), and its answer must be `Cache-Control: no-store`.
 */
import type { ApiKeyScope } from "@toolboxai/shared";
import { API_KEY_SCOPES } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { PASSWORD, seedTenant, seedUser } from "../../modules/auth/__tests__/seed";

type Json = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "patch"] as const;
/** Field names that mean a credential or a person: tokens, secrets, codes that grant access, emails, names, addresses, Roblox ids. */
const SENSITIVE_FIELD = /token|secret|password|deviceCode|userCode|joinCode|email|displayName|^ip$|robloxUserId/i;
/** The operations the fixture below can answer with success: each must, so the check is on real replies, not on errors. */
const MUST_SUCCEED = [
	"login",
	"refreshSession",
	"requestDeviceCode",
	"pollDeviceToken",
	"getDeviceAuthorization",
	"getMe",
	"listMembers",
	"setMemberRoles",
	"listInvitations",
	"createApiKey",
	"listAuditEvents",
];
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let database: TestDatabase;
let t: TestApp;
let document: Json;

beforeAll(async () => {
	database = await createTestDatabase("no_store");
	t = await startTestApp({ database });
	document = (await request(t.app).get("/openapi.json")).body;
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** The field names anywhere in a schema, following $refs into the document's components. */
function fieldNames(schema: unknown, seen = new Set<string>()): Set<string> {
	const names = new Set<string>();
	const walk = (node: unknown): void => {
		if (node === null || typeof node !== "object") return;
		const s = node as Json;
		if (typeof s.$ref === "string") {
			const name = s.$ref.split("/").pop() as string;
			if (seen.has(name)) return;
			seen.add(name);
			walk(((document.components as Json).schemas as Json)[name]);
			return;
		}
		for (const [field, sub] of Object.entries((s.properties as Json | undefined) ?? {})) {
			names.add(field);
			walk(sub);
		}
		walk(s.items);
		walk(s.additionalProperties);
		for (const key of ["oneOf", "anyOf", "allOf"]) for (const sub of (s[key] as unknown[] | undefined) ?? []) walk(sub);
	};
	walk(schema);
	return names;
}

function sensitiveOperations(): Array<{ path: string; method: (typeof METHODS)[number]; op: Json; fields: string[] }> {
	const found = [];
	for (const [path, item] of Object.entries(document.paths as Json)) {
		for (const method of METHODS) {
			const op = (item as Json)[method] as Json | undefined;
			if (op === undefined) continue;
			const fields = new Set<string>();
			for (const [status, response] of Object.entries(op.responses as Json)) {
				if (Number(status) >= 400) continue;
				const schema = (((response as Json).content as Json | undefined)?.["application/json"] as Json | undefined)?.schema;
				for (const field of fieldNames(schema)) if (SENSITIVE_FIELD.test(field)) fields.add(field);
			}
			if (fields.size > 0) found.push({ path, method, op, fields: [...fields].sort() });
		}
	}
	return found;
}

it("answers Cache-Control: no-store from every operation that returns a token, a secret or personal data", async () => {
	const tenantId = await seedTenant(t.infra.db, "No Store School");
	await seedUser(t.infra.db, "admin@nostore.example", [{ tenantId, role: "tenant_admin" }]);
	const teacherId = await seedUser(t.infra.db, "teacher@nostore.example", [{ tenantId, role: "teacher" }]);
	const signIn = () => request(t.app).post("/v1/auth/login").send({ email: "admin@nostore.example", password: PASSWORD });
	const admin = (await signIn()).body as { accessToken: string };
	const toRefresh = (await signIn()).body as { refreshToken: string };
	const key = await request(t.app)
		.post("/v1/api-keys")
		.set("Authorization", `Bearer ${admin.accessToken}`)
		.send({ name: "No-store check", scopes: [...API_KEY_SCOPES] as ApiKeyScope[] });
	const device = (await request(t.app).post("/v1/auth/device/code").send({ clientId: "toolboxai-studio-plugin" })).body as { deviceCode: string; userCode: string };
	await request(t.app).post("/v1/auth/device/decision").set("Authorization", `Bearer ${admin.accessToken}`).send({ userCode: device.userCode, decision: "approve" });

	const pathIds: Record<string, string> = { userId: teacherId, userCode: device.userCode, robloxUserId: "1" };
	const bodies: Record<string, unknown> = {
		login: { email: "admin@nostore.example", password: PASSWORD },
		refreshSession: { refreshToken: toRefresh.refreshToken },
		pollDeviceToken: { deviceCode: device.deviceCode },
		setMemberRoles: { roles: ["teacher"] },
	};

	const operations = sensitiveOperations();
	expect(operations.map(({ op }) => op.operationId)).toEqual(expect.arrayContaining(MUST_SUCCEED));
	const answers = [];
	for (const { path, method, op, fields } of operations) {
		const url = path.replace(/\{([^}]+)\}/g, (_match, name: string) => pathIds[name] ?? UNKNOWN_ID);
		let call = (request(t.app) as unknown as Record<string, (url: string) => request.Test>)[method](url);
		const schemes = ((op.security as Array<Record<string, unknown>>)[0] ?? {}) as Record<string, unknown>;
		if ("accessToken" in schemes) call = call.set("Authorization", `Bearer ${admin.accessToken}`);
		else if ("apiKey" in schemes) call = call.set("X-Api-Key", key.body.secret as string);
		const example = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as Json | undefined;
		const body = bodies[op.operationId as string] ?? example?.example;
		const res = body === undefined ? await call : await call.send(body as object);
		answers.push({ operation: op.operationId, fields, status: res.status, cacheControl: res.headers["cache-control"] });
	}
	for (const answer of answers) expect(answer).toEqual({ ...answer, cacheControl: "no-store" });
	const succeeded = answers.filter((answer) => answer.status < 300).map((answer) => answer.operation);
	expect(succeeded).toEqual(expect.arrayContaining(MUST_SUCCEED));
});
