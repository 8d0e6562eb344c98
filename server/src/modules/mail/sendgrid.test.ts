/**
 * The real `@sendgrid/mail` (and `@sendgrid/client` for the suppression API) against a local fake of SendGrid's v3
 * API: the request's auth, body shape and personalizations, the X-Message-Id kept on the record, 429 with rate-limit
 * headers and 5xx retried, a 400 failing that one message with its reason (sent once, shown on the Mail page).
 */
import { QueryTypes } from "sequelize";
import request from "supertest";
import { withSystem } from "../../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { type FakeSendGrid, type ReceivedRequest, startFakeSendGrid } from "../../integrations/mail/__tests__/fake-sendgrid";
import { until } from "../../jobs/__tests__/until";
import { bearer, PASSWORD, uniqueEmail } from "../tenancy/__tests__/tenancy-fixtures";
import { queueMail } from "./queue-mail";

jest.setTimeout(90_000);

const API_KEY = "SG.test-key.abcdefghijklmnop";
let database: TestDatabase;
let t: TestApp;
let fake: FakeSendGrid;
let admin: { email: string; token: string; tenantId: string };

interface SentBody {
	readonly from: { email: string; name?: string };
	readonly subject: string;
	readonly personalizations: Array<{ to: Array<{ email: string }> }>;
	readonly content: Array<{ type: string; value: string }>;
	readonly headers?: Record<string, string>;
	readonly custom_args?: Record<string, string>;
	readonly categories?: string[];
	readonly mail_settings?: { bypass_list_management?: { enable: boolean }; sandbox_mode?: { enable: boolean } };
}

const bodyOf = (r: ReceivedRequest) => r.body as SentBody;
const sendsTo = (email: string) => fake.sends().filter((r) => bodyOf(r).personalizations[0]?.to[0]?.email === email);

async function sentTo(email: string, count = 1): Promise<ReceivedRequest[]> {
	await until(async () => sendsTo(email).length >= count, { what: `${count} send(s) to ${email}` });
	return sendsTo(email);
}

async function record(id: string) {
	const db = t.infra.db;
	const [row] = await withSystem(db, (transaction) =>
		db.query<{ status: string; provider_message_id: string | null; failure_reason: string | null; send_attempts: number; driver: string | null }>(
			"SELECT status, provider_message_id, failure_reason, send_attempts, driver FROM mail_messages WHERE id = $1",
			{ bind: [id], type: QueryTypes.SELECT, transaction },
		),
	);
	return row;
}

async function settled(id: string) {
	await until(async () => (await record(id))?.status !== "queued", { what: `message ${id} to leave the queue` });
	return record(id);
}

beforeAll(async () => {
	fake = await startFakeSendGrid(API_KEY);
	database = await createTestDatabase("sendgrid");
	t = await startTestApp({
		database,
		env: { PUBLIC_URL: "https://toolboxai.school.example", SENDGRID_API_KEY: API_KEY, MAIL_FROM: "ToolBoxAI <no-reply@toolboxai.school.example>", SENDGRID_API_URL: fake.url },
	});
	// A school the way a person makes one, its link read from the mail SendGrid was asked to send.
	const email = uniqueEmail("admin");
	expect((await request(t.app).post("/v1/signup").send({ organizationName: "Grid School", email })).status).toBe(202);
	const [signupMail] = await sentTo(email);
	const text = bodyOf(signupMail as ReceivedRequest).content.find((c) => c.type === "text/plain")?.value ?? "";
	const token = decodeURIComponent(/sign-up\/complete\?token=([A-Za-z0-9_%-]+)/.exec(text)?.[1] ?? "");
	const done = await request(t.app).post("/v1/signup/complete").send({ token, password: PASSWORD });
	expect(done.status).toBe(201);
	admin = { email, token: done.body.tokens.accessToken, tenantId: done.body.tenant.id };
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
	await fake?.close();
});

test("an essential mail goes to /v3/mail/send with the key, one personalization, both parts, our id and the bypass; the X-Message-Id is kept", async () => {
	const sent = await request(t.app).post("/v1/mail/test").set(bearer(admin.token)).send({});
	expect(sent.status).toBe(202);
	const row = await settled(sent.body.messageId);
	const [req] = sendsTo(admin.email).filter((r) => bodyOf(r).custom_args?.mail_message_id === sent.body.messageId);
	expect(req?.headers.authorization).toBe(`Bearer ${API_KEY}`);
	expect(req?.headers["content-type"]).toMatch(/^application\/json/);
	const body = bodyOf(req as ReceivedRequest);
	expect(body.from).toEqual({ email: "no-reply@toolboxai.school.example", name: "ToolBoxAI" });
	expect(body.personalizations).toEqual([{ to: [{ email: admin.email }] }]);
	expect(body.subject).toBe("Test mail from ToolBoxAI for Grid School");
	expect(body.content.map((c) => c.type)).toEqual(["text/plain", "text/html"]);
	expect(body.categories).toEqual(["test-mail"]);
	expect(body.mail_settings?.bypass_list_management).toEqual({ enable: true });
	expect(body.headers?.["List-Unsubscribe"]).toBeUndefined();
	expect(row).toMatchObject({ status: "sent", driver: "sendgrid", provider_message_id: req?.messageId, send_attempts: 1 });
});

test("a notice carries List-Unsubscribe (one click) and no bypass", async () => {
	const to = uniqueEmail("notice");
	const { messageId } = await queueMail(t, {
		tenantId: admin.tenantId,
		to,
		template: "trial-ending",
		data: { schoolName: "Grid School", trialEndsOn: "14 December 2026", billingUrl: "https://toolboxai.school.example/billing" },
		idempotencyKey: `notice:${to}`,
	});
	expect(await settled(messageId)).toMatchObject({ status: "sent" });
	const [req] = await sentTo(to);
	const body = bodyOf(req as ReceivedRequest);
	expect(body.headers?.["List-Unsubscribe"]).toMatch(/^<https:\/\/toolboxai\.school\.example\/v1\/mail\/unsubscribe\?token=[0-9a-f]{48}>$/);
	expect(body.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
	expect(body.mail_settings?.bypass_list_management).toBeUndefined();
});

test("a 5xx is retried with backoff and a 429 at the rate-limit reset SendGrid names, until it is accepted", async () => {
	const to = uniqueEmail("limited");
	// The reset lies past the first retry's backoff, so the second retry waits for it.
	const reset = String(Math.floor(Date.now() / 1000) + 2);
	fake.script(
		{ status: 503, body: { errors: [{ message: "service unavailable" }] } },
		{ status: 429, headers: { "x-ratelimit-limit": "600", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, body: { errors: [{ message: "too many requests" }] } },
	);
	const { messageId } = await queueMail(t, {
		tenantId: admin.tenantId,
		to,
		template: "test-mail",
		data: { schoolName: "G", sentBy: "a@b.co", driver: "sendgrid" },
		idempotencyKey: `limited:${to}`,
	});
	const attempts = await sentTo(to, 3);
	expect(attempts.map((r) => r.status)).toEqual([503, 429, 202]);
	// Not before the reset it was given.
	expect(attempts[2]?.receivedAt).toBeGreaterThanOrEqual(Number(reset) * 1000 - 50);
	await until(async () => (await record(messageId))?.status === "sent", { what: "the retried message to be sent" });
	expect(await record(messageId)).toMatchObject({ status: "sent", send_attempts: 3, provider_message_id: attempts[2]?.messageId });
});

test("a 400 fails that message with SendGrid's reason, once (never retried), visible on the Mail page; resend sends it again", async () => {
	const to = uniqueEmail("refused");
	fake.script({ status: 400, body: { errors: [{ message: "Does not contain a valid address.", field: "personalizations.0.to.0.email", help: null }] } });
	const { messageId } = await queueMail(t, {
		tenantId: admin.tenantId,
		to,
		template: "test-mail",
		data: { schoolName: "G", sentBy: "a@b.co", driver: "sendgrid" },
		idempotencyKey: `refused:${to}`,
	});
	expect(await settled(messageId)).toMatchObject({ status: "failed", failure_reason: "400 personalizations.0.to.0.email: Does not contain a valid address.", send_attempts: 1 });
	const page = await request(t.app).get("/v1/mail/messages").query({ status: "failed" }).set(bearer(admin.token));
	expect(page.body.items).toEqual([expect.objectContaining({ id: messageId, status: "failed", failureReason: expect.stringContaining("Does not contain a valid address.") })]);
	// Another message sent after it went through: the refused one was not retried meanwhile.
	const later = uniqueEmail("later");
	const next = await queueMail(t, {
		tenantId: admin.tenantId,
		to: later,
		template: "test-mail",
		data: { schoolName: "G", sentBy: "a@b.co", driver: "sendgrid" },
		idempotencyKey: `later:${later}`,
	});
	await settled(next.messageId);
	expect(sendsTo(to)).toHaveLength(1);

	expect((await request(t.app).post(`/v1/mail/messages/${messageId}/resend`).set(bearer(admin.token))).status).toBe(202);
	await sentTo(to, 2);
	await until(async () => (await record(messageId))?.status === "sent", { what: "the resent message" });
});

test("clearing a bounce also deletes it from SendGrid's bounce list", async () => {
	const to = uniqueEmail("bounced");
	const { messageId } = await queueMail(t, {
		tenantId: admin.tenantId,
		to,
		template: "test-mail",
		data: { schoolName: "G", sentBy: "a@b.co", driver: "sendgrid" },
		idempotencyKey: `bounce:${to}`,
	});
	await settled(messageId);
	await withSystem(t.infra.db, (transaction) =>
		t.infra.db.query("INSERT INTO mail_suppressions (email_normalized, reason, source) VALUES ($1, 'bounce', 'provider')", { bind: [to], transaction }),
	);
	const cleared = await request(t.app).post("/v1/mail/suppressions/clear").set(bearer(admin.token)).send({ email: to });
	expect(cleared.body).toEqual({ email: to, cleared: true });
	const deletes = fake.requests.filter((r) => r.method === "DELETE");
	expect(deletes.map((r) => r.path)).toContain(`/v3/suppression/bounces/${encodeURIComponent(to)}`);
	expect(deletes.every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
});
