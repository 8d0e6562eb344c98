import { parse } from "@toolboxai/shared/node";
import { SignupResponse } from "@toolboxai/shared";
import request from "supertest";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { auditActions, bearer, PASSWORD, systemQuery, uniqueEmail } from "./__tests__/tenancy-fixtures";
import { SIGNUP_RATE_LIMIT } from "./routes";

let database: TestDatabase;
let t: TestApp;
beforeAll(async () => {
	database = await createTestDatabase("signup");
	t = await startTestApp({ database });
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const count = async (table: string) => (await systemQuery<{ n: number }>(t, `SELECT count(*)::int AS n FROM ${table}`))[0]?.n;

describe("POST /v1/signup", () => {
	it("creates the school, its tenant_admin and a session whose token works on the school's routes", async () => {
		const email = uniqueEmail("Founder");
		const res = await request(t.app).post("/v1/signup").send({ organizationName: "  Maple Grove  ", email, password: PASSWORD, displayName: "Ms Maple" });
		expect(res.status).toBe(201);
		expect(parse(SignupResponse, res.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(res.body.tenant).toMatchObject({ name: "Maple Grove", kind: "school" });
		expect(res.body.user).toMatchObject({ email, displayName: "Ms Maple" });
		const members = await request(t.app).get("/v1/members").set(bearer(res.body.tokens.accessToken));
		expect(members.status).toBe(200);
		expect(members.body.items).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: res.body.user.id }), roles: ["tenant_admin"] })]);
		expect(await auditActions(t, res.body.tenant.id)).toEqual(["tenant.created"]);
	});

	it("answers 409 for an address already in use and creates nothing", async () => {
		const email = uniqueEmail("dup");
		expect((await request(t.app).post("/v1/signup").send({ organizationName: "First", email, password: PASSWORD })).status).toBe(201);
		const before = { tenants: await count("tenants"), users: await count("users"), memberships: await count("memberships") };
		const again = await request(t.app).post("/v1/signup").send({ organizationName: "Second", email: email.toUpperCase(), password: PASSWORD });
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe("conflict");
		expect(JSON.stringify(again.body)).not.toMatch(LEAK_PATTERN);
		expect({ tenants: await count("tenants"), users: await count("users"), memberships: await count("memberships") }).toEqual(before);
	});

	it("refuses a weak password with validation_failed on /password, and a missing field with 422", async () => {
		const weak = await request(t.app)
			.post("/v1/signup")
			.send({ organizationName: "X", email: uniqueEmail("weak"), password: "aaaaaaaaaaaaaaaa" });
		expect(weak.status).toBe(422);
		expect(weak.body.error.details.issues[0].path).toBe("/password");
		const missing = await request(t.app)
			.post("/v1/signup")
			.send({ email: uniqueEmail("x"), password: PASSWORD });
		expect(missing.status).toBe(422);
		const blank = await request(t.app)
			.post("/v1/signup")
			.send({ organizationName: "   ", email: uniqueEmail("blank"), password: PASSWORD });
		expect(blank.status).toBe(422);
		expect(blank.body.error.details.issues[0].path).toBe("/organizationName");
	});

	it("limits sign-ups per IP address with 429 and Retry-After", async () => {
		const statuses: number[] = [];
		let last: request.Response | undefined;
		for (let i = 0; i <= SIGNUP_RATE_LIMIT.points; i++) {
			last = await request(t.app)
				.post("/v1/signup")
				.send({ organizationName: `School ${i}`, email: uniqueEmail("flood"), password: PASSWORD });
			statuses.push(last.status);
		}
		expect(statuses).toContain(429);
		expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(SIGNUP_RATE_LIMIT.points);
		expect(last?.status).toBe(429);
		expect(Number(last?.headers["retry-after"])).toBeGreaterThan(0);
		expect(last?.body.error.code).toBe("rate_limited");
	});
});
