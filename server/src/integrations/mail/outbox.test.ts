import { QueryTypes, type Sequelize } from "sequelize";
import { captureLogger } from "../../db/__tests__/silent-logger";
import { createTempDatabase, type TempDatabase } from "../../db/__tests__/temp-database";
import { migrate } from "../../db/migrate";
import { createSequelize } from "../../db/sequelize";
import { createOutboxMailSender, linksIn } from "./outbox";

const { logger } = captureLogger();
const printed = captureLogger();
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

test("with printTo, every mail's recipient, subject and links are also logged; without it, nothing is", async () => {
	const text =
		"Finish here:\nhttps://toolboxai.example/sign-up/complete?token=sgn_abc-_1 (works once)\nor sign in at http://localhost:3000/sign-in.\nAgain: https://toolboxai.example/sign-up/complete?token=sgn_abc-_1";
	const { messageId } = await createOutboxMailSender(db, { printTo: printed.logger }).send({ to: "New.Head@school.example", subject: "Finish creating your school", text });
	const line = printed.lines.find((entry) => entry.messageId === messageId);
	expect(line).toMatchObject({
		level: 30,
		to: "New.Head@school.example",
		subject: "Finish creating your school",
		links: ["https://toolboxai.example/sign-up/complete?token=sgn_abc-_1", "http://localhost:3000/sign-in"],
	});
	expect(line?.msg).toContain("https://toolboxai.example/sign-up/complete?token=sgn_abc-_1");

	const before = printed.lines.length;
	await createOutboxMailSender(db).send({ to: "quiet@school.example", subject: "Quiet", text: "https://toolboxai.example/x" });
	expect(printed.lines.length).toBe(before);
});

test("linksIn finds http(s) addresses once each, in order, and nothing else", () => {
	expect(linksIn("a https://a.example/x?y=1 b <http://b.example/> https://a.example/x?y=1 ftp://c.example mailto:d@e")).toEqual(["https://a.example/x?y=1", "http://b.example/"]);
	expect(linksIn("no links here")).toEqual([]);
});
