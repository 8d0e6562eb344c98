/**
 * Sign-in protection over HTTP, on the real app with Redis counting: parallel guesses cannot exceed the limit,
 * failures elsewhere never refuse the owner's right password, a school's shared address survives one person's
 * guessing, and a lock reaches the owner (mail) and the school (audit log).
 */
import { waitForOutboxMails } from "../../../integrations/mail/__tests__/outbox-mails";
import request from "supertest";
import { QueryTypes } from "sequelize";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { PASSWORD, seedTenant, seedUser } from "../__tests__/seed";

let database: TestDatabase;
let t: TestApp;
let school: string;

beforeAll(async () => {
	database = await createTestDatabase("sign_in_protection");
	t = await startTestApp({ database, env: { TRUST_PROXY: "1" } });
	await t.infra.queue.start();
	school = await seedTenant(t.infra.db, "Maple Grove");
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

const WRONG = "not the password at all";

function login(email: string, password: string, ip: string) {
	return request(t.app).post("/v1/auth/login").set("X-Forwarded-For", ip).send({ email, password });
}

/** Password checks that ran for a user: each writes one auth.login_failed (the user is in one school). */
async function checkedFailures(userId: string): Promise<number> {
	const rows = await t.infra.db.query("SELECT 1 FROM audit_events WHERE action = 'auth.login_failed' AND target_id = :userId", {
		type: QueryTypes.SELECT,
		replacements: { userId },
	});
	return rows.length;
}

function expectRetryAfter(res: request.Response, atMost: number): void {
	expect(res.status).toBe(429);
	expect(res.body.error.code).toBe("rate_limited");
	expect(res.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
	expect(Number(res.headers["retry-after"])).toBeLessThanOrEqual(atMost);
}

it("checks at most 5 of 50 parallel wrong passwords from one address; the owner signs in from another address", async () => {
	const userId = await seedUser(t.infra.db, "parallel@maple.example", [{ tenantId: school, role: "teacher" }]);
	const answers = await Promise.all(Array.from({ length: 50 }, () => login("parallel@maple.example", WRONG, "10.20.0.1")));
	const unauthenticated = answers.filter((res) => res.status === 401);
	expect(unauthenticated.length).toBeLessThanOrEqual(5);
	for (const res of answers.filter((answer) => answer.status !== 401)) expectRetryAfter(res, 900);
	expect(await checkedFailures(userId)).toBe(unauthenticated.length);

	expect((await login("parallel@maple.example", PASSWORD, "10.20.0.2")).status).toBe(200);
	// The guessing address stays refused for this account, right password or not.
	expectRetryAfter(await login("parallel@maple.example", PASSWORD, "10.20.0.1"), 900);
});

it("never refuses the owner's right password because of failures from other addresses", async () => {
	await seedUser(t.infra.db, "targeted@maple.example", [{ tenantId: school, role: "teacher" }]);
	for (let i = 1; i <= 10; i++) expect((await login("targeted@maple.example", WRONG, `10.21.0.${i}`)).status).toBe(401);
	expect((await login("targeted@maple.example", PASSWORD, "10.21.1.1")).status).toBe(200);
});

it("30 failures for one account from a school's address do not stop another account behind it", async () => {
	await seedUser(t.infra.db, "guessed@maple.example", [{ tenantId: school, role: "student" }]);
	await seedUser(t.infra.db, "colleague@maple.example", [{ tenantId: school, role: "teacher" }]);
	for (let i = 0; i < 30; i++) expect([401, 429]).toContain((await login("guessed@maple.example", WRONG, "10.22.0.1")).status);
	expect((await login("colleague@maple.example", PASSWORD, "10.22.0.1")).status).toBe(200);
});

it("30 failures spread over six accounts from a school's address do not stop a teacher behind it", async () => {
	await seedUser(t.infra.db, "teacher.nat@maple.example", [{ tenantId: school, role: "teacher" }]);
	await Promise.all(
		Array.from({ length: 6 }, async (_, account) => {
			for (let i = 0; i < 5; i++) expect((await login(`classmate${account}@maple.example`, WRONG, "10.22.1.1")).status).toBe(401);
		}),
	);
	expect((await login("teacher.nat@maple.example", PASSWORD, "10.22.1.1")).status).toBe(200);
});

/** Mails of one template to one address, as soon as there are `count`. */
function mailsTo(to: string, template: string, count: number) {
	return waitForOutboxMails(t.infra.db, { to, template, count });
}

it("a lock mails its owner once with a working reset link, and shows in the school's audit log", async () => {
	const userId = await seedUser(t.infra.db, "locked.out@maple.example", [{ tenantId: school, role: "teacher" }]);
	for (const ip of ["10.23.0.1", "10.23.0.2"]) for (let i = 0; i < 5; i++) expect((await login("locked.out@maple.example", WRONG, ip)).status).toBe(401);

	const locks = await t.infra.db.query<{ ip: string; details: unknown }>(
		"SELECT ip, details FROM audit_events WHERE action = 'auth.account_locked' AND tenant_id = :school AND target_id = :userId ORDER BY created_at",
		{ type: QueryTypes.SELECT, replacements: { school, userId } },
	);
	expect(locks).toEqual([
		{ ip: "10.23.0.1", details: { scope: "address", lockedForSeconds: 900 } },
		{ ip: "10.23.0.2", details: { scope: "address", lockedForSeconds: 900 } },
	]);
	// Two locks within the hour, one notice: only one reset token was made for it.
	const resets = await t.infra.db.query("SELECT 1 FROM auth_password_resets WHERE user_id = :userId", { type: QueryTypes.SELECT, replacements: { userId } });
	expect(resets).toHaveLength(1);
	const [mail] = await mailsTo("locked.out@maple.example", "account-locked", 1);
	expect(mail?.subject).toBe("Too many failed sign-ins to your ToolBoxAI account");
	expect(mail?.text_body).toContain("10.23.0.1");
	const token = /token=(prt_[A-Za-z0-9_-]+)/.exec(mail?.text_body ?? "")?.[1];
	expect(token).toBeDefined();
	const reset = await request(t.app).post("/v1/auth/password-reset/confirm").send({ token, password: "a fresh new passphrase" });
	expect(reset.status).toBe(200);
	expect((await login("locked.out@maple.example", "a fresh new passphrase", "10.23.0.3")).status).toBe(200);
});

it("an unknown address is limited like a real one and mails nobody", async () => {
	for (let i = 0; i < 5; i++) expect((await login("ghost@maple.example", WRONG, "10.24.0.1")).status).toBe(401);
	expectRetryAfter(await login("ghost@maple.example", WRONG, "10.24.0.1"), 900);
	const locks = await t.infra.db.query("SELECT 1 FROM audit_events WHERE action = 'auth.account_locked' AND target_id IS NULL", { type: QueryTypes.SELECT });
	expect(locks).toHaveLength(0);
});
