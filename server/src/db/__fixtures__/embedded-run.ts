/**
 * Child-process driver for embedded.test.ts (PGlite cannot run inside a Jest worker).
 * Usage: node --conditions=source --import tsx embedded-run.ts <dataDir> write|hold
 *   write: start the whole infrastructure on <dataDir>, send a mail through the outbox and the job queue, store a file, record a
 *          dry-run Open Cloud request, check that CLS keeps a transaction whole, print a JSON summary on stdout, close.
 *   hold:  start, print READY, close on SIGTERM.
 * Logs go to stderr; a failed start prints its message to stderr and exits 1.
 */
import pino from "pino";
import { QueryTypes } from "sequelize";
import type { Config } from "../../config/config";
import { startInfrastructure } from "../../infrastructure";
import type { Infrastructure, MailMessage } from "../../infrastructure.types";
import { enqueueWithOutbox } from "../../jobs/outbox";

const [dataDir, mode] = process.argv.slice(2);
// The usual umask, so the modes the test checks under the data dir are the service's own doing.
process.umask(0o022);

function config(): Config {
	return {
		nodeEnv: "development",
		port: 0,
		host: "127.0.0.1",
		publicUrl: "http://127.0.0.1:3000",
		dataDir: dataDir as string,
		logLevel: "warn",
		allowEmbedded: false,
		shutdownTimeoutMs: 5_000,
		maxBodyBytes: 1_000_000,
	};
}

async function count(infra: Infrastructure, sql: string): Promise<number> {
	const rows = await infra.db.query<{ n: string }>(sql, { type: QueryTypes.SELECT });
	return Number(rows[0]?.n);
}

async function waitForMail(infra: Infrastructure, subject: string): Promise<void> {
	for (let i = 0; i < 100; i++) {
		const n = await count(infra, `SELECT count(*) AS n FROM mail_outbox WHERE subject = '${subject}'`);
		if (n > 0) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error("the mail.send job never wrote its outbox row");
}

/**
 * On PGlite (pool of 1) a query inside a transaction that was not handed the transaction would wait for
 * the only connection; CLS makes it join. Returns rows seen inside the transaction, then after rollback.
 */
async function clsProbe(infra: Infrastructure): Promise<{ inside: number; after: number; error: string }> {
	await infra.db.query("CREATE TABLE IF NOT EXISTS cls_probe (v text)");
	let inside = -1;
	const error = await infra.db
		.transaction(async () => {
			await infra.db.query("INSERT INTO cls_probe VALUES ('x')");
			inside = await count(infra, "SELECT count(*) AS n FROM cls_probe");
			throw new Error("rollback on purpose");
		})
		.catch((e: Error) => e.message);
	return { inside, after: await count(infra, "SELECT count(*) AS n FROM cls_probe"), error };
}

async function write(): Promise<void> {
	const infra = await startInfrastructure(config(), pino({ level: "warn" }, pino.destination(2)));
	// A job of our own carries the mail into the mail driver (the mail module's mail.send needs an app), written
	// through the transactional outbox: after-commit relay and CLS on the one PGlite session.
	infra.queue.define<MailMessage>({
		name: "test.mail-probe",
		version: 1,
		parse: (payload) => payload as MailMessage,
		handle: async (message) => void (await infra.mail.send(message)),
	});
	await infra.queue.start();
	const subject = `hello ${Date.now()}`;
	await infra.db.transaction((transaction) =>
		enqueueWithOutbox(infra, { name: "test.mail-probe", payload: { to: "teacher@example.com", subject, text: "hi" }, idempotencyKey: subject }, { transaction }),
	);
	await waitForMail(infra, subject);
	// Something in every part of the data dir: a stored file and a dry-run Open Cloud request.
	await infra.storage.put("modes/check.txt", Buffer.from("x"), "text/plain");
	await infra.openCloud.send({ method: "GET", url: "https://apis.roblox.com/cloud/v2/universes/1", headers: {} });
	await infra.pingDatabase();
	const summary = {
		driver: infra.databaseDriver,
		queue: infra.queue.driver,
		mails: await count(infra, "SELECT count(*) AS n FROM mail_outbox"),
		migrations: await count(infra, "SELECT count(*) AS n FROM schema_migrations"),
		cls: await clsProbe(infra),
		serverVersion: await count(infra, "SELECT current_setting('server_version_num')::int / 10000 AS n"),
	};
	await infra.close();
	await infra.close();
	process.stdout.write(`${JSON.stringify(summary)}\n`);
}

async function hold(): Promise<void> {
	const infra = await startInfrastructure(config(), pino({ level: "warn" }, pino.destination(2)));
	process.once("SIGTERM", () => {
		void infra.close().then(() => process.exit(0));
	});
	process.stdout.write("READY\n");
}

(mode === "hold" ? hold() : write()).catch((error: unknown) => {
	process.stderr.write(`START FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
