/**
 * The mail module on the embedded default's driver (the outbox), over the real test Postgres and Redis: every mail
 * through queueMail and the job, message records and their statuses, templates and previews, the test mail, the
 * outbox page's data, opt-outs, and SendGrid's signed event webhook with a P-256 key this file makes.
 */
import { parseExposition, sampleValue } from "../../__tests__/metrics-exposition";
import { metricsRegistry } from "../../observability/metrics";
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { QueryTypes } from "sequelize";
import request from "supertest";
import { withSystem } from "../../db/tenant-scope";
import { createTestDatabase, LEAK_PATTERN, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { waitForOutboxMails } from "../../integrations/mail/__tests__/outbox-mails";
import { until } from "../../jobs/__tests__/until";
import { addPerson, bearer, type Person, type SchoolAdmin, signupSchool, uniqueEmail, waitForMail } from "../tenancy/__tests__/tenancy-fixtures";
import { queueMail } from "./queue-mail";
import { MAIL_TEMPLATE_NAMES } from "./templates/catalog";

jest.setTimeout(90_000);

let database: TestDatabase;
let t: TestApp;
let school: SchoolAdmin;
let teacher: Person;
let signingKey: KeyObject;

beforeAll(async () => {
	const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
	signingKey = pair.privateKey;
	const publicKey = pair.publicKey.export({ format: "der", type: "spki" }).toString("base64");
	database = await createTestDatabase("mail");
	t = await startTestApp({ database, env: { PUBLIC_URL: "https://toolboxai.school.example", SENDGRID_WEBHOOK_PUBLIC_KEY: publicKey } });
	school = await signupSchool(t, "Mailing School");
	teacher = await addPerson(t, school.tenantId, ["teacher"]);
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
});

interface MessageRow {
	readonly id: string;
	readonly status: string;
	readonly template: string;
	readonly provider_message_id: string | null;
	readonly failure_reason: string | null;
	readonly tenant_id: string | null;
}

async function messages(where: string, bind: unknown[]): Promise<MessageRow[]> {
	const db = t.infra.db;
	return withSystem(db, (transaction) =>
		db.query<MessageRow>(`SELECT id, status, template, provider_message_id, failure_reason, tenant_id FROM mail_messages WHERE ${where} ORDER BY created_at`, {
			bind,
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
}

async function messageStatus(id: string): Promise<string | undefined> {
	return (await messages("id = $1", [id]))[0]?.status;
}

async function settled(id: string): Promise<string> {
	await until(async () => (await messageStatus(id)) !== "queued", { what: `message ${id} to leave the queue` });
	return (await messageStatus(id)) as string;
}

function signed(body: string, timestamp = String(Math.floor(Date.now() / 1000))) {
	const signature = sign("sha256", Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), signingKey).toString("base64");
	return { "Content-Type": "application/json", "X-Twilio-Email-Event-Webhook-Signature": signature, "X-Twilio-Email-Event-Webhook-Timestamp": timestamp };
}

async function seenEvents(): Promise<number> {
	const db = t.infra.db;
	const [row] = await withSystem(db, (transaction) => db.query<{ n: number }>("SELECT count(*)::int AS n FROM mail_webhook_events", { type: QueryTypes.SELECT, transaction }));
	return row?.n ?? 0;
}

describe("one way to send", () => {
	it("an invitation's mail is a message record of the school, sent through the job into the outbox, with the school's name and a footer", async () => {
		const email = uniqueEmail("invitee");
		const sentBefore = sampleValue(parseExposition(await metricsRegistry.metrics()), "toolboxai_outbound_sends_total", { channel: "mail", outcome: "sent" }) ?? 0;
		const res = await request(t.app).post("/v1/invitations").set(bearer(school.token)).send({ email, role: "teacher" });
		expect(res.status).toBe(201);
		const mail = await waitForMail(t, email, "invitation");
		expect(mail.subject).toBe("You're invited to Mailing School on ToolBoxAI");
		expect(mail.text_body).toContain("https://toolboxai.school.example/invite?token=");
		expect(mail.text_body).toContain("You receive this because an administrator of Mailing School invited this address.");
		const [record] = await messages("to_normalized = lower($1)", [email]);
		expect(record).toMatchObject({ template: "invitation", tenant_id: school.tenantId });
		expect(await settled(record?.id as string)).toBe("sent");
		const sentAfter = sampleValue(parseExposition(await metricsRegistry.metrics()), "toolboxai_outbound_sends_total", { channel: "mail", outcome: "sent" }) ?? 0;
		expect(sentAfter).toBeGreaterThan(sentBefore);
		const listed = await request(t.app).get("/v1/mail/messages").query({ recipient: email.toUpperCase() }).set(bearer(school.token));
		expect(listed.status).toBe(200);
		expect(listed.body.items).toEqual([expect.objectContaining({ id: record?.id, template: "invitation", category: "essential", status: "sent", driver: "outbox" })]);
	});

	it("queueing the same key twice keeps one message and sends one mail; a rolled-back change queues none", async () => {
		const to = uniqueEmail("twice");
		const data = { schoolName: "Mailing School", seatsUsed: 9, seatsTotal: 10, billingUrl: "https://toolboxai.school.example/billing" };
		const first = await queueMail(t, { tenantId: school.tenantId, to, template: "seats-nearly-used", data, idempotencyKey: `seats:${to}` });
		const again = await queueMail(t, { tenantId: school.tenantId, to, template: "seats-nearly-used", data, idempotencyKey: `seats:${to}` });
		expect(again).toEqual({ messageId: first.messageId, created: false });
		expect(await settled(first.messageId)).toBe("sent");

		const lost = uniqueEmail("rolledback");
		await expect(
			t.infra.db.transaction(async (transaction) => {
				await queueMail(t, { tenantId: school.tenantId, to: lost, template: "seats-nearly-used", data, idempotencyKey: `seats:${lost}` }, { transaction });
				throw new Error("the change failed");
			}),
		).rejects.toThrow("the change failed");
		expect(await messages("to_normalized = $1", [lost])).toEqual([]);
		expect((await waitForMail(t, to, "seats-nearly-used")).subject).toBe("Mailing School has used 9 of 10 seats");
		const [count] = await t.infra.db.query<{ n: number }>("SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = $1", { bind: [to], type: QueryTypes.SELECT });
		expect(count?.n).toBe(1);
	});

	it("a job of the earlier payload version (the rendered mail itself) left from before an upgrade is still sent", async () => {
		const to = uniqueEmail("legacy");
		await t.infra.queue.enqueue("mail.send", { to, subject: "Reset your ToolBoxAI password", text: "Open https://toolboxai.school.example/reset-password?token=prt_old" });
		const [mail] = await waitForOutboxMails(t.infra.db, { to });
		expect(mail).toMatchObject({ subject: "Reset your ToolBoxAI password", text_body: "Open https://toolboxai.school.example/reset-password?token=prt_old" });
	});

	it("data that does not fit its template fails the caller, before anything is stored", async () => {
		const to = uniqueEmail("baddata");
		await expect(queueMail(t, { to, template: "invitation", data: { schoolName: "x", roleLabel: "teacher", link: "not a url" }, idempotencyKey: `bad:${to}` })).rejects.toThrow();
		expect(await messages("to_normalized = $1", [to])).toEqual([]);
	});
});

describe("templates", () => {
	it("every template previews for an admin with its fixture, the school's name, HTML and text; a notice shows how to stop it", async () => {
		const list = await request(t.app).get("/v1/mail/templates").set(bearer(school.token));
		expect(list.status).toBe(200);
		expect(list.body.items.map((item: { name: string }) => item.name)).toEqual(MAIL_TEMPLATE_NAMES);
		for (const name of MAIL_TEMPLATE_NAMES) {
			const res = await request(t.app).get(`/v1/mail/templates/${name}/preview`).set(bearer(school.token));
			expect(res.status).toBe(200);
			expect(res.body.subject.length).toBeGreaterThan(5);
			expect(res.body.html).toContain("Mailing School · ToolBoxAI");
			expect(res.body.text).toContain("Mailing School · ToolBoxAI");
			expect(res.body.text).toMatch(/You receive this because/);
			expect(res.body.text).not.toMatch(/\{\{|undefined/);
			if (res.body.category === "notice") expect(res.body.text).toContain("Stop these emails: https://toolboxai.school.example/unsubscribe?token=");
			else expect(res.body.text).not.toContain("unsubscribe");
		}
	});

	it("HTML escapes what it shows; text keeps it as it is", async () => {
		const res = await request(t.app).get("/v1/mail/templates/deployment-failed/preview").set(bearer(school.token));
		expect(res.body.html).toContain("Open Cloud answered 403");
		const hostile = uniqueEmail("hostile");
		const { messageId } = await queueMail(t, {
			tenantId: school.tenantId,
			to: hostile,
			template: "deployment-failed",
			data: { schoolName: "Mailing School", environmentName: "<script>alert(1)</script>", error: "x & y", deploymentUrl: "https://toolboxai.school.example/deployments" },
			idempotencyKey: `hostile:${hostile}`,
		});
		await settled(messageId);
		const [stored] = await t.infra.db.query<{ html_body: string; text_body: string }>("SELECT html_body, text_body FROM mail_outbox WHERE to_address = $1", {
			bind: [hostile],
			type: QueryTypes.SELECT,
		});
		expect(stored?.html_body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
		expect(stored?.html_body).not.toContain("<script>");
		expect(stored?.text_body).toContain("to <script>alert(1)</script> that you started failed:\n\nx & y");
	});

	it("an unknown template is 404, and a teacher may not preview (403)", async () => {
		expect((await request(t.app).get("/v1/mail/templates/nope/preview").set(bearer(school.token))).status).toBe(404);
		expect((await request(t.app).get("/v1/mail/templates/invitation/preview").set(bearer(teacher.token))).status).toBe(403);
		expect((await request(t.app).get("/v1/mail/messages").set(bearer(teacher.token))).status).toBe(403);
	});
});

describe("the Mail page's data", () => {
	it("an admin's test mail reaches their own address and shows in the outbox with its link-bearing text", async () => {
		const sent = await request(t.app).post("/v1/mail/test").set(bearer(school.token)).send({});
		expect(sent.status).toBe(202);
		expect(await settled(sent.body.messageId)).toBe("sent");
		const outbox = await request(t.app).get("/v1/mail/outbox").set(bearer(school.token));
		expect(outbox.status).toBe(200);
		expect(outbox.body.driver).toBe("outbox");
		expect(outbox.body.items).toEqual(
			expect.arrayContaining([expect.objectContaining({ messageId: sent.body.messageId, to: school.email, subject: "Test mail from ToolBoxAI for Mailing School" })]),
		);
		const filtered = await request(t.app).get("/v1/mail/messages").query({ template: "test-mail", status: "sent" }).set(bearer(school.token));
		expect(filtered.body.items.map((m: { id: string }) => m.id)).toContain(sent.body.messageId);
		expect((await request(t.app).get("/v1/mail/messages").query({ status: "lost" }).set(bearer(school.token))).status).toBe(400);
	});

	it("another school sees none of this school's messages or outbox", async () => {
		const other = await signupSchool(t, "Other School");
		const listed = await request(t.app).get("/v1/mail/messages").set(bearer(other.token));
		expect(listed.body.items.every((m: { to: string }) => m.to === other.email)).toBe(true);
		const outbox = await request(t.app).get("/v1/mail/outbox").set(bearer(other.token));
		expect(outbox.body.items).toEqual([]);
	});

	it("only a failed message can be sent again", async () => {
		const { messageId } = await queueMail(t, {
			tenantId: school.tenantId,
			to: uniqueEmail("resend"),
			template: "test-mail",
			data: { schoolName: "S", sentBy: "a@b.co", driver: "outbox" },
			idempotencyKey: `resend:${Date.now()}`,
		});
		await settled(messageId);
		const refused = await request(t.app).post(`/v1/mail/messages/${messageId}/resend`).set(bearer(school.token));
		expect(refused.status).toBe(409);
		await withSystem(t.infra.db, (transaction) =>
			t.infra.db.query("UPDATE mail_messages SET status = 'failed', failure_reason = 'x' WHERE id = $1", { bind: [messageId], transaction }),
		);
		const again = await request(t.app).post(`/v1/mail/messages/${messageId}/resend`).set(bearer(school.token));
		expect(again.status).toBe(202);
		expect(await settled(messageId)).toBe("sent");
		expect((await request(t.app).post("/v1/mail/messages/00000000-0000-4000-8000-000000000000/resend").set(bearer(school.token))).status).toBe(404);
	});
});

describe("opt-out", () => {
	it("one click on a notice's List-Unsubscribe stops notices to the address, not essential mail", async () => {
		const to = uniqueEmail("optout");
		const notice = (key: string) =>
			queueMail(t, {
				tenantId: school.tenantId,
				to,
				template: "trial-ending",
				data: { schoolName: "Mailing School", trialEndsOn: "14 December 2026", billingUrl: "https://toolboxai.school.example/billing" },
				idempotencyKey: key,
			});
		const first = await notice(`trial:${to}:1`);
		expect(await settled(first.messageId)).toBe("sent");
		const text = (await waitForMail(t, to, "trial-ending")).text_body;
		// The footer opens the dashboard's confirmation page; its button (and a mail app's one-click) posts the token.
		const link = new URL(/Stop these emails: (https:\S+)/.exec(text)?.[1] as string);
		expect(link.pathname).toBe("/unsubscribe");
		const token = link.searchParams.get("token") as string;
		const clicked = await request(t.app).post("/v1/mail/unsubscribe").query({ token }).type("form").send("List-Unsubscribe=One-Click");
		expect(clicked.status).toBe(200);
		expect(clicked.body).toEqual({ status: "unsubscribed" });
		const second = await notice(`trial:${to}:2`);
		expect(await settled(second.messageId)).toBe("suppressed");
		const essential = await queueMail(t, {
			tenantId: school.tenantId,
			to,
			template: "test-mail",
			data: { schoolName: "S", sentBy: "a@b.co", driver: "outbox" },
			idempotencyKey: `essential:${to}`,
		});
		expect(await settled(essential.messageId)).toBe("sent");
		expect((await request(t.app).post("/v1/mail/unsubscribe?token=nope").type("form").send("List-Unsubscribe=One-Click")).status).toBe(404);
	});
});

describe("POST /v1/mail/sendgrid/events", () => {
	it("a signed batch of mixed events updates statuses, suppresses bounces and complaints, and counts each event once", async () => {
		const bouncy = uniqueEmail("bouncy");
		const happy = uniqueEmail("happy");
		const make = (to: string, key: string) =>
			queueMail(t, { tenantId: school.tenantId, to, template: "test-mail", data: { schoolName: "S", sentBy: "a@b.co", driver: "outbox" }, idempotencyKey: key });
		const a = await make(happy, `wh:${happy}`);
		const b = await make(bouncy, `wh:${bouncy}`);
		await settled(a.messageId);
		await settled(b.messageId);
		const ts = Math.floor(Date.now() / 1000);
		const batch = JSON.stringify([
			{ email: happy, timestamp: ts, event: "processed", sg_event_id: `p-${a.messageId}`, mail_message_id: a.messageId },
			{ email: happy, timestamp: ts, event: "delivered", sg_event_id: `d-${a.messageId}`, mail_message_id: a.messageId, response: "250 OK" },
			{ email: happy, timestamp: ts, event: "open", sg_event_id: `o-${a.messageId}`, mail_message_id: a.messageId },
			{ email: happy, timestamp: ts, event: "deferred", sg_event_id: `late-${a.messageId}`, mail_message_id: a.messageId, attempt: "1" },
			{ email: bouncy, timestamp: ts, event: "bounce", type: "bounce", reason: "550 5.1.1 unknown user", sg_event_id: `b-${b.messageId}`, mail_message_id: b.messageId },
			{ not: "an event" },
		]);
		const res = await request(t.app).post("/v1/mail/sendgrid/events").set(signed(batch)).send(batch);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ received: 6, applied: 5 });
		// A late deferral never hides the delivery.
		expect(await messageStatus(a.messageId)).toBe("delivered");
		expect((await messages("id = $1", [b.messageId]))[0]).toMatchObject({ status: "bounced", failure_reason: "550 5.1.1 unknown user" });

		const again = await request(t.app).post("/v1/mail/sendgrid/events").set(signed(batch)).send(batch);
		expect(again.body).toEqual({ received: 6, applied: 0 });

		const suppressions = await request(t.app).get("/v1/mail/suppressions").query({ email: bouncy }).set(bearer(school.token));
		expect(suppressions.body.items).toEqual([expect.objectContaining({ email: bouncy, reason: "bounce", source: "provider", clearable: true })]);
		// A bounced address gets no notices, but a reset (essential) still goes, with the provider's bypass.
		const notice = await queueMail(t, {
			tenantId: school.tenantId,
			to: bouncy,
			template: "trial-ending",
			data: { schoolName: "S", trialEndsOn: "soon", billingUrl: "https://toolboxai.school.example/billing" },
			idempotencyKey: `bounced-notice:${bouncy}`,
		});
		expect(await settled(notice.messageId)).toBe("suppressed");
		const reset = await queueMail(t, {
			to: bouncy,
			template: "password-reset",
			data: { link: "https://toolboxai.school.example/reset-password?token=prt_x", token: "prt_x" },
			idempotencyKey: `bounced-reset:${bouncy}`,
		});
		expect(await settled(reset.messageId)).toBe("sent");

		const cleared = await request(t.app).post("/v1/mail/suppressions/clear").set(bearer(school.token)).send({ email: bouncy.toUpperCase() });
		expect(cleared.body).toEqual({ email: bouncy, cleared: true });
		expect((await request(t.app).get("/v1/mail/suppressions").query({ email: bouncy }).set(bearer(school.token))).body.items).toEqual([]);
		const after = await queueMail(t, {
			tenantId: school.tenantId,
			to: bouncy,
			template: "trial-ending",
			data: { schoolName: "S", trialEndsOn: "soon", billingUrl: "https://toolboxai.school.example/billing" },
			idempotencyKey: `cleared-notice:${bouncy}`,
		});
		expect(await settled(after.messageId)).toBe("sent");
	});

	it("a tampered body, a missing signature or a stale timestamp is refused and nothing is stored", async () => {
		const before = await seenEvents();
		const body = JSON.stringify([{ email: "x@school.example", event: "spamreport", sg_event_id: "tampered-1", timestamp: 1 }]);
		const headers = signed(body);
		const tampered = await request(t.app).post("/v1/mail/sendgrid/events").set(headers).send(body.replace("spamreport", "delivered"));
		expect(tampered.status).toBe(401);
		expect(tampered.body.error.code).toBe("unauthenticated");
		expect(JSON.stringify(tampered.body)).not.toMatch(LEAK_PATTERN);
		const unsigned = await request(t.app).post("/v1/mail/sendgrid/events").set("Content-Type", "application/json").send(body);
		expect(unsigned.status).toBe(401);
		const stale = await request(t.app)
			.post("/v1/mail/sendgrid/events")
			.set(signed(body, String(Math.floor(Date.now() / 1000) - 600)))
			.send(body);
		expect(stale.status).toBe(400);
		expect(stale.body.error.code).toBe("bad_request");
		expect(await seenEvents()).toBe(before);
		const notArray = JSON.stringify({ event: "delivered" });
		// Off the contract (not an array): 422 from the body check, before anything is read.
		expect((await request(t.app).post("/v1/mail/sendgrid/events").set(signed(notArray)).send(notArray)).status).toBe(422);
	});
});
