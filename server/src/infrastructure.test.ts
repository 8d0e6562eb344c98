/**
 * startInfrastructure against the real test Postgres and Redis. Embedded mode (PGlite) is covered by
 * db/embedded.test.ts in child processes, since PGlite cannot run inside a Jest worker.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { QueryTypes } from "sequelize";
import type { Config } from "./config/config";
import { captureLogger } from "./db/__tests__/silent-logger";
import { createTempDatabase, redisUrl, type TempDatabase } from "./db/__tests__/temp-database";
import { EmbeddedInProductionError, startInfrastructure } from "./infrastructure";
import type { Infrastructure, JobDefinition, MailMessage } from "./infrastructure.types";

jest.setTimeout(30_000);

const { logger } = captureLogger();
const queuePrefix = `test-infra-${randomBytes(5).toString("hex")}`;
let database: TempDatabase;
let dataDir: string;

beforeAll(async () => {
	database = await createTempDatabase("infra");
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toolboxai-infra-"));
});

afterAll(async () => {
	await database.drop();
	fs.rmSync(dataDir, { recursive: true, force: true });
	const redis = new Redis(redisUrl());
	const keys = await redis.keys(`${queuePrefix}:*`);
	if (keys.length > 0) await redis.del(...keys);
	await redis.quit();
});

function config(overrides: Partial<Config> = {}): Config {
	return {
		nodeEnv: "test",
		port: 0,
		host: "127.0.0.1",
		publicUrl: "http://localhost:3000",
		dataDir,
		databaseUrl: database.url,
		logLevel: "silent",
		allowEmbedded: false,
		shutdownTimeoutMs: 2_000,
		maxBodyBytes: 1_000_000,
		...overrides,
	};
}

function mailProbeJob(infra: Infrastructure): JobDefinition<MailMessage> {
	return {
		name: "test.mail-probe",
		version: 1,
		parse: (payload) => payload as MailMessage,
		handle: async (message) => {
			await infra.mail.send(message);
		},
	};
}

async function waitForMail(infra: Infrastructure, subject: string): Promise<void> {
	// A generous deadline for a queued job on a busy machine; the loop returns as soon as the mail is there.
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		const rows = await infra.db.query("SELECT 1 FROM mail_outbox WHERE subject = :subject", {
			type: QueryTypes.SELECT,
			replacements: { subject },
		});
		if (rows.length > 0) return;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	throw new Error(`no mail with subject ${subject}`);
}

test.each([
	["in-process", undefined],
	["bullmq", "redis"],
] as const)("DATABASE_URL with the %s queue: migrated, mail.send runs end to end, close is ordered and idempotent", async (queueDriver, redis) => {
	const infra = await startInfrastructure(config({ redisUrl: redis === undefined ? undefined : redisUrl() }), logger, { queuePrefix });
	expect({
		database: infra.databaseDriver,
		queue: infra.queue.driver,
		mail: infra.mail.driver,
		storage: infra.storage.driver,
		realtime: infra.realtime.driver,
		openCloud: infra.openCloud.driver,
	}).toEqual({ database: "postgres", queue: queueDriver, mail: "outbox", storage: "local", realtime: "stream", openCloud: "dry-run" });
	// Open Cloud: an environment without a key deploys dry, one with a key live.
	expect([infra.openCloudClient({}).dryRun, infra.openCloudClient({ apiKey: "a-real-key" }).dryRun]).toEqual([true, false]);
	await infra.pingDatabase();
	await infra.queue.ping();
	// The mail module defines mail.send on an app; here a job of the test's own carries a mail into the mail driver.
	infra.queue.define(mailProbeJob(infra));
	await infra.queue.start();
	const subject = `welcome ${queueDriver} ${Date.now()}`;
	await infra.queue.enqueue("test.mail-probe", { to: "teacher@example.com", subject, text: "hi" }, { idempotencyKey: subject });
	await waitForMail(infra, subject);
	expect(await infra.storage.signedUrl("t1/a.txt", 60)).toMatch(/^http:\/\/localhost:3000\/files\/t1\/a\.txt\?expires=\d+&signature=/);
	await infra.close();
	await infra.close();
	await expect(infra.pingDatabase()).rejects.toThrow();
	await expect(infra.queue.enqueue("test.mail-probe", { to: "a@example.com", subject: "s", text: "t" })).rejects.toMatchObject({
		code: "unavailable",
	});
});

test("with REDIS_URL, two instances spend from one Open Cloud budget per key owner (the limiter's windows live in Redis)", async () => {
	const [first, second] = await Promise.all([0, 1].map(() => startInfrastructure(config({ redisUrl: redisUrl() }), logger, { queuePrefix })));
	try {
		// Dry-run clients still pass through the limiter: 4 publishes from each instance for the same owner.
		const publish = (infra: Infrastructure) =>
			infra.openCloudClient({ owner: "group:77" }).publishPlace({ universeId: "1", placeId: "2", versionType: "Published", placeFile: Buffer.from("<roblox!") });
		for (const infra of [first, second, first, second]) await publish(infra as Infrastructure);
		const redis = new Redis(redisUrl());
		const spent = await redis.zcard(`${queuePrefix}:open-cloud-limits:place-publish:group:77:spent`);
		await redis.quit();
		expect(spent).toBe(4);
	} finally {
		await Promise.all([first?.close(), second?.close()]);
	}
});

test("outside production the outbox also logs each mail's recipient, subject and links; in production it does not", async () => {
	const printed = captureLogger();
	for (const nodeEnv of ["development", "production"] as const) {
		const infra = await startInfrastructure(config({ nodeEnv, allowEmbedded: true }), printed.logger);
		try {
			await infra.mail.send({ to: `${nodeEnv}@example.com`, subject: "Finish creating your school", text: `Open https://toolboxai.example/sign-up/complete?token=sgn_${nodeEnv}` });
		} finally {
			await infra.close();
		}
	}
	const mailLines = printed.lines.filter((line) => line.component === "mail");
	expect(mailLines.map((line) => ({ to: line.to, links: line.links }))).toEqual([
		{ to: "development@example.com", links: ["https://toolboxai.example/sign-up/complete?token=sgn_development"] },
	]);
});

test("production refuses embedded parts unless ALLOW_EMBEDDED, naming the settings", async () => {
	await expect(startInfrastructure(config({ nodeEnv: "production", databaseUrl: undefined }), logger)).rejects.toThrow(EmbeddedInProductionError);
	await expect(startInfrastructure(config({ nodeEnv: "production" }), logger)).rejects.toThrow(/REDIS_URL/);
	const infra = await startInfrastructure(config({ nodeEnv: "production", allowEmbedded: true }), logger);
	expect(infra.queue.driver).toBe("in-process");
	await infra.close();
});

test("an unreachable REDIS_URL fails the start with a message naming the setting", async () => {
	await expect(startInfrastructure(config({ redisUrl: "redis://127.0.0.1:1" }), logger, { queuePrefix })).rejects.toThrow(/job queue \(bullmq\) does not answer: check REDIS_URL/);
});

test("an unreachable DATABASE_URL fails the start", async () => {
	await expect(startInfrastructure(config({ databaseUrl: "postgres://postgres@127.0.0.1:1/nothing" }), logger)).rejects.toThrow(/ECONNREFUSED|connect/);
});
