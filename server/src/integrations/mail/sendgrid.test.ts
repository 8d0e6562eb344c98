/**
 * The SendGrid driver alone, on the real `@sendgrid/mail`, against the local fake of its API: sandbox mode, the
 * bypass, and how refusals and outages come back (the mail module's tests cover the whole path).
 */
import { type FakeSendGrid, startFakeSendGrid } from "./__tests__/fake-sendgrid";
import { MailRejectedError, MailRetryLaterError } from "./errors";
import { createSendGridMailSender } from "./sendgrid";

const KEY = "SG.driver-test";
let fake: FakeSendGrid;

beforeAll(async () => {
	fake = await startFakeSendGrid(KEY);
});
afterAll(async () => {
	await fake.close();
});

const settings = () => ({ apiKey: KEY, from: "no-reply@toolboxai.school.example", region: "global" as const, sandbox: false, baseUrl: fake.url });

test("sandbox mode asks SendGrid to check and not deliver; an essential mail asks for the bypass; the message id comes back", async () => {
	const mail = createSendGridMailSender({ ...settings(), sandbox: true });
	const { messageId } = await mail.send({ to: "a@school.example", subject: "s", text: "t", bypassSuppressions: true, customArgs: { mail_message_id: "m-1" } });
	const [request] = fake.sends().slice(-1);
	expect(messageId).toBe(request?.messageId);
	expect(request?.body).toMatchObject({
		from: { email: "no-reply@toolboxai.school.example" },
		personalizations: [{ to: [{ email: "a@school.example" }] }],
		custom_args: { mail_message_id: "m-1" },
		mail_settings: { sandbox_mode: { enable: true }, bypass_list_management: { enable: true } },
	});
});

test("a wrong key is a refusal (never retried); a 429 says when to come back; an unreachable API is retried", async () => {
	await expect(createSendGridMailSender({ ...settings(), apiKey: "SG.wrong" }).send({ to: "a@school.example", subject: "s", text: "t" })).rejects.toBeInstanceOf(MailRejectedError);
	const reset = Math.floor(Date.now() / 1000) + 30;
	fake.script({ status: 429, headers: { "x-ratelimit-reset": String(reset) } });
	const limited = await createSendGridMailSender(settings())
		.send({ to: "a@school.example", subject: "s", text: "t" })
		.catch((error: unknown) => error);
	expect(limited).toBeInstanceOf(MailRetryLaterError);
	expect((limited as MailRetryLaterError).retryAfterMs).toBeGreaterThan(25_000);
	const down = await createSendGridMailSender({ ...settings(), baseUrl: "http://127.0.0.1:9" })
		.send({ to: "a@school.example", subject: "s", text: "t" })
		.catch((error: unknown) => error);
	expect(down).toBeInstanceOf(MailRetryLaterError);
});
