import { waitForOutboxMails } from "../../../integrations/mail/__tests__/outbox-mails";
import request from "supertest";
import { QueryTypes } from "sequelize";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { PASSWORD, seedTenant, seedUser } from "../__tests__/seed";

let database: TestDatabase;
let t: TestApp;

beforeAll(async () => {
	database = await createTestDatabase("auth_reset");
	t = await startTestApp({ database });
	await t.infra.queue.start();
	const tenantId = await seedTenant(t.infra.db, "Maple Grove");
	await seedUser(t.infra.db, "reset.me@maple.example", [{ tenantId, role: "teacher" }]);
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

/** The reset emails as the outbox stored them (the mail.send job runs on the real queue). */
function resetMail(to: string, count = 1, timeoutMs?: number) {
	return waitForOutboxMails(t.infra.db, { to, template: "password-reset", count, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}

function tokenIn(text: string): string {
	const match = /token=(prt_[A-Za-z0-9_-]+)/.exec(text);
	if (match?.[1] === undefined) throw new Error(`no reset link in: ${text}`);
	return match[1];
}

it("emails a single-use link; confirming sets the password and signs the person out everywhere", async () => {
	const session = (await request(t.app).post("/v1/auth/login").send({ email: "reset.me@maple.example", password: PASSWORD })).body;
	expect((await request(t.app).get("/v1/me").set("Authorization", `Bearer ${session.accessToken}`)).status).toBe(200);

	const asked = await request(t.app).post("/v1/auth/password-reset").send({ email: "Reset.Me@maple.example" });
	expect(asked.status).toBe(202);
	expect(asked.body).toEqual({ status: "accepted" });
	const [mail] = await resetMail("reset.me@maple.example");
	expect(mail?.text_body).toContain(`${t.config.publicUrl}/reset-password?token=prt_`);
	const token = tokenIn(mail?.text_body ?? "");

	const weak = await request(t.app).post("/v1/auth/password-reset/confirm").send({ token, password: "password1234" });
	expect(weak.status).toBe(422);
	expect(weak.body.error.details.issues[0]).toMatchObject({ path: "/password", code: "password_common" });
	const withName = await request(t.app).post("/v1/auth/password-reset/confirm").send({ token, password: "my name is reset.me ok" });
	expect(withName.body.error.details.issues[0]).toMatchObject({ code: "password_contains_email" });

	const confirmed = await request(t.app).post("/v1/auth/password-reset/confirm").send({ token, password: "a brand new passphrase" });
	expect(confirmed.status).toBe(200);
	// Every session of the person ended: the old access token and refresh token are refused.
	expect((await request(t.app).get("/v1/me").set("Authorization", `Bearer ${session.accessToken}`)).status).toBe(401);
	expect((await request(t.app).post("/v1/auth/refresh").send({ refreshToken: session.refreshToken })).status).toBe(401);
	// Old password out, new one in.
	expect((await request(t.app).post("/v1/auth/login").send({ email: "reset.me@maple.example", password: PASSWORD })).status).toBe(401);
	expect((await request(t.app).post("/v1/auth/login").send({ email: "reset.me@maple.example", password: "a brand new passphrase" })).status).toBe(200);
	// Single use.
	const again = await request(t.app).post("/v1/auth/password-reset/confirm").send({ token, password: "another new passphrase" });
	expect(again.status).toBe(401);
	const actions = await t.infra.db.query<{ action: string }>("SELECT action FROM audit_events WHERE action = 'auth.password_reset'", { type: QueryTypes.SELECT });
	expect(actions).toHaveLength(1);
});

it("answers the same 202 for an unknown address and sends nothing", async () => {
	const res = await request(t.app).post("/v1/auth/password-reset").send({ email: "nobody.here@maple.example" });
	expect(res.status).toBe(202);
	expect(res.body).toEqual({ status: "accepted" });
	// Nothing was enqueued, so nothing arrives even after the queue had time to run.
	expect(await resetMail("nobody.here@maple.example", 1, 1_500)).toHaveLength(0);
	const jobs = await t.infra.db.query("SELECT 1 FROM auth_password_resets r JOIN users u ON u.id = r.user_id WHERE u.email_normalized = 'nobody.here@maple.example'", {
		type: QueryTypes.SELECT,
	});
	expect(jobs).toHaveLength(0);
});

it("refuses an expired token", async () => {
	await request(t.app).post("/v1/auth/password-reset").send({ email: "reset.me@maple.example" });
	const mails = await resetMail("reset.me@maple.example", 2);
	const token = tokenIn(mails[1]?.text_body ?? "");
	await t.infra.db.query("UPDATE auth_password_resets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
	const res = await request(t.app).post("/v1/auth/password-reset/confirm").send({ token, password: "yet another passphrase" });
	expect(res.status).toBe(401);
	expect(res.body.error.code).toBe("unauthenticated");
});
