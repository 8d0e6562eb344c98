import { createHash, randomBytes } from "node:crypto";
import request from "supertest";
import { QueryTypes } from "sequelize";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { PASSWORD, seedTenant, seedUser } from "./__tests__/seed";

let database: TestDatabase;
let t: TestApp;
let schoolA: string;
let schoolB: string;

beforeAll(async () => {
	database = await createTestDatabase("auth");
	t = await startTestApp({ database, env: { TRUST_PROXY: "1" } });
	schoolA = await seedTenant(t.infra.db, "Maple Grove");
	schoolB = await seedTenant(t.infra.db, "Cedar Park");
	await seedUser(t.infra.db, "teacher@maple.example", [{ tenantId: schoolA, role: "teacher" }]);
	await seedUser(t.infra.db, "both@maple.example", [
		{ tenantId: schoolA, role: "tenant_admin" },
		{ tenantId: schoolB, role: "teacher" },
	]);
	await seedUser(t.infra.db, "nobody@maple.example", []);
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

function login(body: Record<string, unknown>, ip = "10.0.0.1") {
	return request(t.app).post("/v1/auth/login").set("X-Forwarded-For", ip).send(body);
}

async function signIn(email = "teacher@maple.example", extra: Record<string, unknown> = {}) {
	const res = await login({ email, password: PASSWORD, ...extra });
	expect(res.status).toBe(200);
	return res.body as { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string };
}

async function auditActions(): Promise<string[]> {
	const rows = await t.infra.db.query<{ action: string }>("SELECT action FROM audit_events ORDER BY created_at, id", { type: QueryTypes.SELECT });
	return rows.map((row) => row.action);
}

describe("login, me, refresh, logout", () => {
	it("signs in, answers /v1/me, refreshes with rotation, and logs out", async () => {
		const tokens = await signIn("Teacher@MAPLE.example");
		expect(tokens).toEqual({ accessToken: expect.any(String), refreshToken: expect.stringMatching(/^rt_[A-Za-z0-9_-]{43}$/), expiresIn: 900, tokenType: "Bearer" });

		const me = await request(t.app).get("/v1/me").set("Authorization", `Bearer ${tokens.accessToken}`);
		expect(me.status).toBe(200);
		expect(me.body).toMatchObject({ user: { email: "teacher@maple.example", displayName: "teacher" }, tenant: { id: schoolA, name: "Maple Grove" }, roles: ["teacher"] });
		expect(me.body.memberships).toEqual([{ tenant: { id: schoolA, name: "Maple Grove", kind: "school" }, roles: ["teacher"] }]);

		const refreshed = await request(t.app).post("/v1/auth/refresh").send({ refreshToken: tokens.refreshToken });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refreshToken).not.toBe(tokens.refreshToken);
		expect(refreshed.body.accessToken).not.toBe(tokens.accessToken);
		expect((await request(t.app).get("/v1/me").set("Authorization", `Bearer ${refreshed.body.accessToken}`)).status).toBe(200);

		const out = await request(t.app).post("/v1/auth/logout").set("Authorization", `Bearer ${refreshed.body.accessToken}`).send({});
		expect(out.status).toBe(200);
		expect(out.body).toEqual({ status: "accepted" });
		// The session is gone: both of its access tokens and its refresh token stop working.
		for (const token of [tokens.accessToken, refreshed.body.accessToken]) {
			const after = await request(t.app).get("/v1/me").set("Authorization", `Bearer ${token}`);
			expect(after.status).toBe(401);
			expect(after.body.error.code).toBe("unauthenticated");
		}
		expect((await request(t.app).post("/v1/auth/refresh").send({ refreshToken: refreshed.body.refreshToken })).status).toBe(401);
		expect(await auditActions()).toEqual(expect.arrayContaining(["auth.login", "auth.logout"]));
	});

	it("gives the same 401 for an unknown address and a wrong password, stored hashes never leak", async () => {
		const unknown = await login({ email: "ghost@maple.example", password: PASSWORD }, "10.0.0.2");
		const wrong = await login({ email: "teacher@maple.example", password: "not the password at all" }, "10.0.0.2");
		expect(unknown.status).toBe(401);
		expect(wrong.status).toBe(401);
		expect(unknown.body.error.message).toBe(wrong.body.error.message);
		expect(JSON.stringify([unknown.body, wrong.body])).not.toMatch(LEAK_PATTERN);
		const failures = await t.infra.db.query<{ tenant_id: string | null; target_id: string | null; details: { reason: string } }>(
			"SELECT tenant_id, target_id, details FROM audit_events WHERE action = 'auth.login_failed' ORDER BY created_at",
			{ type: QueryTypes.SELECT },
		);
		// The unknown address belongs to no school; the known account's failure shows in its school's log.
		expect(failures).toEqual([
			{ tenant_id: null, target_id: null, details: { reason: "unknown_email" } },
			{ tenant_id: schoolA, target_id: expect.any(String), details: { reason: "wrong_password" } },
		]);
	});

	it("asks someone in two schools which one (409 listing them), then signs in to the one named", async () => {
		const res = await login({ email: "both@maple.example", password: PASSWORD });
		expect(res.status).toBe(409);
		expect(res.body.error.code).toBe("conflict");
		expect(res.body.error.details.tenants.map((tenant: { id: string }) => tenant.id).sort()).toEqual([schoolA, schoolB].sort());
		const tokens = await signIn("both@maple.example", { tenantId: schoolB });
		const me = await request(t.app).get("/v1/me").set("Authorization", `Bearer ${tokens.accessToken}`);
		expect(me.body.tenant.id).toBe(schoolB);
		expect(me.body.roles).toEqual(["teacher"]);
		expect(me.body.memberships).toHaveLength(2);
		const notMine = await login({ email: "teacher@maple.example", password: PASSWORD, tenantId: schoolB });
		expect(notMine.status).toBe(403);
	});

	it("refuses an account with no school (403)", async () => {
		const res = await login({ email: "nobody@maple.example", password: PASSWORD });
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe("forbidden");
	});

	it("answers 401 with a Bearer challenge without a token, and checks the token before the body", async () => {
		const res = await request(t.app).post("/v1/auth/logout").set("Content-Type", "application/json").send("{not json");
		expect(res.status).toBe(401);
		expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
		const garbage = await request(t.app).get("/v1/me").set("Authorization", "Bearer garbage.token.here");
		expect(garbage.status).toBe(401);
		expect(garbage.headers["www-authenticate"]).toMatch(/^Bearer/);
	});
});

describe("refresh token reuse", () => {
	it("revokes the whole family when a rotated token comes back, and records auth.refresh_reuse", async () => {
		const first = await signIn();
		const second = (await request(t.app).post("/v1/auth/refresh").send({ refreshToken: first.refreshToken })).body;
		const third = (await request(t.app).post("/v1/auth/refresh").send({ refreshToken: second.refreshToken })).body;
		expect(third.refreshToken).toMatch(/^rt_/);

		// An attacker replays the first (already rotated) token after the reuse interval (the rotation is moved back in time).
		await t.infra.db.query("UPDATE auth_refresh_tokens SET rotated_at = rotated_at - interval '31 seconds' WHERE token_hash = :hash", {
			replacements: { hash: createHash("sha256").update(first.refreshToken).digest() },
		});
		const replay = await request(t.app).post("/v1/auth/refresh").send({ refreshToken: first.refreshToken });
		expect(replay.status).toBe(401);
		// The legitimate holder's latest tokens die with the family.
		expect((await request(t.app).post("/v1/auth/refresh").send({ refreshToken: third.refreshToken })).status).toBe(401);
		expect((await request(t.app).get("/v1/me").set("Authorization", `Bearer ${third.accessToken}`)).status).toBe(401);
		expect(await auditActions()).toContain("auth.refresh_reuse");
		const [session] = await t.infra.db.query<{ revoked_reason: string }>(
			"SELECT s.revoked_reason FROM auth_sessions s JOIN auth_refresh_tokens rt ON rt.session_id = s.id WHERE rt.token_hash = :hash",
			{ type: QueryTypes.SELECT, replacements: { hash: createHash("sha256").update(first.refreshToken).digest() } },
		);
		expect(session?.revoked_reason).toBe("refresh_reuse");
	});

	it("refuses unknown refresh tokens without a 500", async () => {
		const res = await request(t.app)
			.post("/v1/auth/refresh")
			.send({ refreshToken: `rt_${randomBytes(32).toString("base64url")}` });
		expect(res.status).toBe(401);
		expect(res.body.error.code).toBe("unauthenticated");
	});
});

describe("session end", () => {
	it("refuses the refresh token and access token of a session past its 30 days", async () => {
		const tokens = await signIn();
		const sid = JSON.parse(Buffer.from(tokens.accessToken.split(".")[1] ?? "", "base64url").toString()).sid;
		const [row] = await t.infra.db.query<{ days: number }>("SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM auth_sessions WHERE id = :sid", {
			type: QueryTypes.SELECT,
			replacements: { sid },
		});
		expect(row?.days).toBe(30);
		await t.infra.db.query("UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = :sid", { replacements: { sid } });
		expect((await request(t.app).post("/v1/auth/refresh").send({ refreshToken: tokens.refreshToken })).status).toBe(401);
		expect((await request(t.app).get("/v1/me").set("Authorization", `Bearer ${tokens.accessToken}`)).status).toBe(401);
	});

	it("ends every session of a disabled account at once, and refuses its sign-in like a wrong password", async () => {
		const userId = await seedUser(t.infra.db, "leaving@maple.example", [{ tenantId: schoolA, role: "teacher" }]);
		const tokens = await signIn("leaving@maple.example");
		await t.infra.db.query("UPDATE users SET status = 'disabled' WHERE id = :userId", { replacements: { userId } });
		expect((await request(t.app).get("/v1/me").set("Authorization", `Bearer ${tokens.accessToken}`)).status).toBe(401);
		expect((await request(t.app).post("/v1/auth/refresh").send({ refreshToken: tokens.refreshToken })).status).toBe(401);
		const res = await login({ email: "leaving@maple.example", password: PASSWORD }, "10.3.0.1");
		expect(res.status).toBe(401);
		expect(res.body.error.message).toBe("Wrong email or password.");
	});
});
