import { QueryTypes, type Sequelize } from "sequelize";
import { captureLogger } from "../../db/__tests__/silent-logger";
import { createTempDatabase, type TempDatabase } from "../../db/__tests__/temp-database";
import { migrate } from "../../db/migrate";
import { createSequelize } from "../../db/sequelize";
import { mailSendJob } from "../../jobs/definitions/mail-send";
import { createOutboxMailSender } from "./outbox";

const { logger } = captureLogger();
let database: TempDatabase;
let db: Sequelize;

beforeAll(async () => {
	database = await createTempDatabase("outbox");
	db = createSequelize({ url: database.url, poolMax: 2, logger });
	await migrate({ db, logger });
});

afterAll(async () => {
	await db.close();
	await database.drop();
});

test("send writes one mail_outbox row and returns its id as the message id", async () => {
	const mail = createOutboxMailSender(db);
	expect(mail.driver).toBe("outbox");
	const { messageId } = await mail.send({
		to: "teacher@example.com",
		subject: "Welcome",
		text: "Hello",
		html: "<p>Hello</p>",
		template: "welcome",
	});
	const rows = await db.query("SELECT * FROM mail_outbox WHERE id = :id", { type: QueryTypes.SELECT, replacements: { id: messageId } });
	expect(rows).toEqual([
		{
			id: messageId,
			to_address: "teacher@example.com",
			subject: "Welcome",
			text_body: "Hello",
			html_body: "<p>Hello</p>",
			template: "welcome",
			created_at: expect.any(Date),
		},
	]);
});

test("optional parts are stored as NULL and every send is its own row", async () => {
	const mail = createOutboxMailSender(db);
	const a = await mail.send({ to: "a@example.com", subject: "One", text: "1" });
	const b = await mail.send({ to: "a@example.com", subject: "One", text: "1" });
	expect(a.messageId).not.toBe(b.messageId);
	const rows = await db.query<{ html_body: string | null; template: string | null }>("SELECT html_body, template FROM mail_outbox WHERE id IN (:ids)", {
		type: QueryTypes.SELECT,
		replacements: { ids: [a.messageId, b.messageId] },
	});
	expect(rows).toEqual([
		{ html_body: null, template: null },
		{ html_body: null, template: null },
	]);
});

test("the mail.send job definition rejects a bad address before anything is stored", async () => {
	const job = mailSendJob(createOutboxMailSender(db));
	expect(() => job.parse({ to: "not-an-address", subject: "x", text: "y" })).toThrow(/to/);
	expect(job.parse({ to: "a@example.com", subject: "x", text: "y", extra: 1 })).toEqual({ to: "a@example.com", subject: "x", text: "y" });
});
