/**
 * The restore drill: a school with classes, lessons, progress and a deployment; a backup through the running
 * service's own path (pg_dump, encrypted, to the backup folder); a restore into a fresh, empty database; then the
 * service on the restored database must answer every list and read route exactly as the original does.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { API_KEY_SCOPES } from "@toolboxai/shared";
import { pino } from "pino";
import { Client } from "pg";
import { QueryTypes } from "sequelize";
import request from "supertest";
import { operationsOf } from "../../app";
import { rolesAllow } from "../../access/permissions";
import { withTenant } from "../../db/tenant-scope";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import type { AnyRouteDefinition } from "../../http/route";
import { metricsRegistry, recordBackupSucceeded } from "../../observability/metrics";
import { seedAuthFixtures } from "../auth/__tests__/cross-tenant-fixtures";
import { seedMailFixtures } from "../mail/__tests__/cross-tenant-fixtures";
import { seedDeploymentsFixtures } from "../deployments/__tests__/cross-tenant-fixtures";
import { seedEnvironmentsFixtures } from "../environments/__tests__/cross-tenant-fixtures";
import { seedReleasesFixtures } from "../releases/__tests__/cross-tenant-fixtures";
import { seedPrivacyFixtures } from "../privacy/__tests__/cross-tenant-fixtures";
import { seedTenancyFixtures } from "../tenancy/__tests__/cross-tenant-fixtures";
import { addPerson, bearer, createKey, signupSchool } from "../tenancy/__tests__/tenancy-fixtures";
import type { TakeBackupDeps } from "./backup-deps";
import { TAKE_BACKUP_JOB, verifyBackupJob } from "./backup-jobs";
import { startBackupSchedule } from "./backup-schedule";
import { ERASURE_LEDGER_PATH, type ReapplyErasure, storageErasureLedger } from "./erasure-ledger";
import type { BackupManifest } from "./manifest";
import { restoreBackup } from "./restore-backup";
import { serviceBackupDeps } from "./service-backup-deps";
import { takeBackup } from "./take-backup";
import { LocalBackupTarget } from "./target/local-target";
import { scratchFor, verifyNewestBackup } from "./verify-backup";

/** Answers that are about the process, not the data (or never end): not compared. */
const NOT_COMPARED = new Set(["getHealth", "getReadiness", "getLiveness", "streamEvents", "getMeta"]);

let backupDir: string;
let original: TestDatabase;
let restored: TestDatabase;
let t: TestApp;
let r: TestApp;
let backup: TakeBackupDeps;
let manifest: BackupManifest;
const fixtures: Record<string, string> = {};
const callers: Array<{ roles: string[]; token: string }> = [];
let apiKeySecret: string;

async function seedSchool(): Promise<void> {
	const admin = await signupSchool(t, "Drill Academy");
	const teacher = await addPerson(t, admin.tenantId, ["teacher"], "Drill teacher");
	const student = await addPerson(t, admin.tenantId, ["student"], "Drill student");
	const guardian = await addPerson(t, admin.tenantId, ["guardian"], "Drill guardian");
	expect((await request(t.app).post("/v1/guardian-links").set(bearer(admin.token)).send({ guardianUserId: guardian.userId, studentUserId: student.userId })).status).toBe(201);
	const apiKey = await createKey(t, admin.token, [...API_KEY_SCOPES]);
	apiKeySecret = apiKey.secret;
	const lesson = await request(t.app).post("/v1/lessons").set(bearer(teacher.token)).send({ title: "Fractions", subject: "math", gradeBand: "3-5", objectives: [] });
	expect(lesson.status).toBe(201);
	const content = { schemaVersion: 1, title: "Fractions", steps: [{ kind: "instruction", id: "intro", text: "Hello" }] };
	expect((await request(t.app).post(`/v1/lessons/${lesson.body.id}/versions`).set(bearer(teacher.token)).send({ version: "1.0.0", content })).status).toBe(201);
	expect((await request(t.app).post(`/v1/lessons/${lesson.body.id}/versions/1.0.0/publish`).set(bearer(teacher.token)).send({})).status).toBe(200);
	const klass = await request(t.app).post("/v1/classes").set(bearer(teacher.token)).send({ name: "Period 1" });
	expect(klass.status).toBe(201);
	expect((await request(t.app).post(`/v1/classes/${klass.body.id}/assignments`).set(bearer(teacher.token)).send({ lessonId: lesson.body.id, version: "1.0.0" })).status).toBe(201);
	await withTenant(t.infra.db, admin.tenantId, (transaction) =>
		t.infra.db.query("INSERT INTO class_members (tenant_id, class_id, user_id) VALUES ($1, $2, $3)", { bind: [admin.tenantId, klass.body.id, student.userId], transaction }),
	);
	await t.infra.db.query("UPDATE users SET roblox_user_id = 515151 WHERE id = $1", { bind: [student.userId] });
	const batch = await request(t.app)
		.post("/v1/runtime/progress/batches")
		.set("X-Api-Key", apiKey.secret)
		.send({
			batchId: randomUUID(),
			events: [{ kind: "lesson_started", eventId: randomUUID(), robloxUserId: 515151, lessonId: lesson.body.id, occurredAt: "2026-11-25T13:09:16.123Z" }],
		});
	expect(batch.body).toMatchObject({ accepted: 1, rejected: [] });
	const device = await request(t.app).post("/v1/auth/device/code").send({ clientId: "toolboxai-studio-plugin", deviceName: "Drill lab" });
	expect(device.status).toBe(200);
	expect((await request(t.app).post("/v1/auth/device/decision").set(bearer(teacher.token)).send({ userCode: device.body.userCode, decision: "approve" })).status).toBe(200);
	const school = { name: "Drill Academy", admin, teacher, apiKey };
	const modules = [];
	for (const seed of [seedEnvironmentsFixtures, seedReleasesFixtures, seedDeploymentsFixtures, seedAuthFixtures, seedMailFixtures, seedTenancyFixtures, seedPrivacyFixtures]) {
		modules.push(await seed(t, school));
	}
	Object.assign(fixtures, {
		tenantId: admin.tenantId,
		apiKeyId: apiKey.id,
		userId: teacher.userId,
		lessonId: lesson.body.id,
		version: "1.0.0",
		classId: klass.body.id,
		studentUserId: student.userId,
		robloxUserId: "515151",
		userCode: device.body.userCode,
		...Object.assign({}, ...modules.map((m) => m.path)),
	});
	// Sessions are rows in the database: made before the backup, so the restored service knows them too.
	callers.push(
		{ roles: ["tenant_admin"], token: admin.token },
		{ roles: ["teacher"], token: teacher.token },
		{ roles: ["guardian"], token: guardian.token },
		{ roles: ["student"], token: student.token },
	);
}

beforeAll(async () => {
	backupDir = fs.mkdtempSync(path.join(os.tmpdir(), "tbx-drill-"));
	const env = { SECRETS_KEY: randomBytes(32).toString("base64"), BACKUP_KEY: randomBytes(32).toString("base64"), BACKUP_DIR: backupDir };
	[original, restored] = await Promise.all([createTestDatabase("backup_drill"), createTestDatabase("backup_drill_restored", { empty: true })]);
	t = await startTestApp({ database: original, env });
	await seedSchool();
	const deps = serviceBackupDeps({ config: t.config, infra: t.infra, logger: pino({ level: "silent" }) });
	if (deps === undefined) throw new Error("backups are not configured");
	backup = deps;
	manifest = await takeBackup(backup, { trigger: "command" });
	await restoreBackup({ ...backup, ledger: storageErasureLedger(t.infra.storage) }, { backupId: manifest.id, into: { kind: "postgres", url: restored.url } });
	r = await startTestApp({ database: restored, env });
}, 120_000);

afterAll(async () => {
	await Promise.all([t?.close(), r?.close()]);
	await Promise.all([original?.drop(), restored?.drop()]);
	fs.rmSync(backupDir, { recursive: true, force: true });
});

function urlOf(route: AnyRouteDefinition): string {
	return route.path.replace(/:(\w+)/g, (_match, name: string) => {
		const value = fixtures[name];
		if (value === undefined) throw new Error(`${route.operationId}: the drill has no fixture for :${name}`);
		return encodeURIComponent(value);
	});
}

function credentialFor(route: AnyRouteDefinition): Record<string, string> {
	const access = route.access;
	if (access.kind === "public") return {};
	if (access.kind === "api_key") return { "X-Api-Key": apiKeySecret };
	const caller = callers.find(({ roles }) => access.permission === undefined || rolesAllow(roles as never, access.permission)) ?? callers[0];
	return bearer(caller?.token ?? "");
}

async function answer(app: TestApp, route: AnyRouteDefinition): Promise<{ status: number; body: unknown }> {
	const required = Object.fromEntries((route.query ?? []).filter((parameter) => parameter.required === true).map((parameter) => [parameter.name, "1.0.0"]));
	const res = await request(app.app).get(urlOf(route)).query(required).set(credentialFor(route));
	// Each request has its own id: the rest of an error must match.
	const body = res.body?.error?.requestId === undefined ? res.body : { error: { ...res.body.error, requestId: "(per request)" } };
	return { status: res.status, body };
}

it("wrote an encrypted dump and a manifest (time, size, SHA-256, schema version)", () => {
	const file = path.join(backupDir, "backups", manifest.id, "dump.enc");
	expect(fs.statSync(file).size).toBe(manifest.size);
	expect(fs.readFileSync(file).subarray(0, 8).toString("ascii")).toBe("TBXBAK01");
	expect(fs.readFileSync(file).includes(Buffer.from("Drill Academy"))).toBe(false);
	expect(manifest).toMatchObject({ format: "pg_dump_custom", trigger: "command", keyId: backup.keys[0]?.id });
	expect(manifest.schemaVersion).toMatch(/^\d{4}-/);
	expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
});

it("the backup-age gauge holds the backup's time", async () => {
	const metric = await metricsRegistry.getSingleMetricAsString("toolboxai_backup_last_success_timestamp_seconds");
	expect(metric).toContain(`toolboxai_backup_last_success_timestamp_seconds ${new Date(manifest.takenAt).getTime() / 1000}`);
});

it("the service on the restored database answers every read route as the original does", async () => {
	const reads = operationsOf(t.app).filter((route) => route.method === "get" && !NOT_COMPARED.has(route.operationId));
	expect(reads.length).toBeGreaterThan(15);
	const compared: string[] = [];
	const differences: unknown[] = [];
	for (const route of reads) {
		const [before, after] = [await answer(t, route), await answer(r, route)];
		if (JSON.stringify(after) !== JSON.stringify(before)) differences.push({ operation: route.operationId, before, after });
		if (before.status === 200) compared.push(route.operationId);
	}
	expect(differences).toEqual([]);
	// The seeded school's lists really were there to compare (not 200s of empty pages everywhere).
	expect(compared).toEqual(
		expect.arrayContaining(["listClasses", "getClassRoster", "listLessons", "getClassProgress", "listDeployments", "getDeploymentDetail", "listMembers", "listAuditEvents"]),
	);
});

describe("around the restore", () => {
	let scratch: TestDatabase;
	beforeEach(async () => {
		scratch = await createTestDatabase("backup_drill_scratch", { empty: true });
	});
	afterEach(async () => {
		await t.infra.storage.remove([ERASURE_LEDGER_PATH]);
		await scratch.drop();
	});

	const ledgerLine = (id: string, erasedAt: string) => JSON.stringify({ id, tenantId: fixtures.tenantId, userId: fixtures.userId, erasedAt });

	it("re-applies every erasure the ledger in the storage driver lists, oldest first, on the restored database", async () => {
		const ledger = `${ledgerLine("erasure-2", "2026-12-02T10:00:00.000Z")}\n${ledgerLine("erasure-1", "2026-12-01T10:00:00.000Z")}\n`;
		await t.infra.storage.put(ERASURE_LEDGER_PATH, Buffer.from(ledger), "application/x-ndjson");
		const seen: Array<{ id: string; tenants: number }> = [];
		const reapplyErasure: ReapplyErasure = async (db, entry) => {
			const [row] = await db.query<{ n: string }>("SELECT count(*) AS n FROM tenants WHERE id = $1", { bind: [entry.tenantId], type: QueryTypes.SELECT });
			seen.push({ id: entry.id, tenants: Number(row?.n) });
		};
		const result = await restoreBackup(
			{ ...backup, ledger: storageErasureLedger(t.infra.storage), reapplyErasure },
			{ backupId: manifest.id, into: { kind: "postgres", url: scratch.url } },
		);
		expect(result.erasuresReapplied).toBe(2);
		// Each ran against the restored database, where the school exists.
		expect(seen).toEqual([
			{ id: "erasure-1", tenants: 1 },
			{ id: "erasure-2", tenants: 1 },
		]);
	});

	it("with erasures in the ledger and no eraser, refuses before restoring anything", async () => {
		await t.infra.storage.put(ERASURE_LEDGER_PATH, Buffer.from(`${ledgerLine("erasure-1", "2026-12-01T10:00:00.000Z")}\n`), "application/x-ndjson");
		await expect(
			restoreBackup({ ...backup, ledger: storageErasureLedger(t.infra.storage) }, { backupId: manifest.id, into: { kind: "postgres", url: scratch.url } }),
		).rejects.toThrow("restoring would bring erased people's data back. Nothing was restored.");
		expect(await tableCount(scratch.url)).toBe(0);
		// A ledger line that does not parse stops the restore too.
		await t.infra.storage.put(ERASURE_LEDGER_PATH, Buffer.from("{not json\n"), "application/x-ndjson");
		await expect(storageErasureLedger(t.infra.storage).entries()).rejects.toThrow(`${ERASURE_LEDGER_PATH}) line 1 is not a valid entry`);
	});

	it("refuses a database that is not empty, and a dump altered in storage", async () => {
		await expect(restoreBackup({ ...backup, ledger: noLedger }, { backupId: manifest.id, into: { kind: "postgres", url: restored.url } })).rejects.toThrow("is not empty");
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), "tbx-drill-copy-"));
		try {
			fs.cpSync(path.join(backupDir, "backups"), path.join(copy, "backups"), { recursive: true });
			const dump = path.join(copy, "backups", manifest.id, "dump.enc");
			const bytes = fs.readFileSync(dump);
			bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 1;
			fs.writeFileSync(dump, bytes);
			const altered = new LocalBackupTarget(copy, true);
			await expect(restoreBackup({ ...backup, target: altered, ledger: noLedger }, { backupId: manifest.id, into: { kind: "postgres", url: scratch.url } })).rejects.toThrow(
				"does not match its manifest",
			);
			// Even with a manifest that agrees with the altered bytes, decryption refuses them (the GCM tag).
			const forged = { ...manifest, sha256: createHash("sha256").update(bytes).digest("hex") };
			fs.writeFileSync(path.join(copy, "backups", manifest.id, "manifest.json"), JSON.stringify(forged));
			await expect(restoreBackup({ ...backup, target: altered, ledger: noLedger }, { backupId: manifest.id, into: { kind: "postgres", url: scratch.url } })).rejects.toThrow(
				"does not authenticate",
			);
			expect(await tableCount(scratch.url)).toBe(0);
			// The scheduled check on such a target records the failure beside the backup and fails its job (a dead letter).
			const config = { ...t.config, backup: { ...(t.config.backup as NonNullable<TestApp["config"]["backup"]>), dir: copy } };
			const job = verifyBackupJob({ config, infra: t.infra, logger: pino({ level: "silent" }), lifecycle: t.lifecycle });
			await expect(job.handle({}, { attempt: 1, jobId: "check", logger: pino({ level: "silent" }) })).rejects.toThrow(`The newest backup (${manifest.id}) does not restore`);
			expect(JSON.parse(fs.readFileSync(path.join(copy, "backups", manifest.id, "verification.json"), "utf8"))).toMatchObject({
				ok: false,
				error: expect.stringContaining("does not authenticate"),
			});
		} finally {
			fs.rmSync(copy, { recursive: true, force: true });
		}
	});

	it("the scheduled check restores the newest backup into a scratch database and records the result beside it", async () => {
		const before = await scratchDatabases();
		const outcome = await verifyNewestBackup({ ...backup, scratch: scratchFor(backup.source) });
		expect(outcome.backupId).toBe(manifest.id);
		expect(outcome.verification).toMatchObject({ ok: true, schemaVersion: manifest.schemaVersion });
		expect(outcome.verification.tables).toBeGreaterThan(20);
		const recorded = JSON.parse(fs.readFileSync(path.join(backupDir, "backups", manifest.id, "verification.json"), "utf8"));
		expect(recorded).toEqual(outcome.verification);
		// The scratch database is gone again.
		expect(await scratchDatabases()).toEqual(before);
	});
});

const noLedger = { entries: async () => [] };

async function tableCount(url: string): Promise<number> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		return Number((await client.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n);
	} finally {
		await client.end();
	}
}

async function scratchDatabases(): Promise<string[]> {
	const client = new Client({ connectionString: original.url });
	await client.connect();
	try {
		return (await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'toolboxai_restore_check_%' ORDER BY 1")).rows.map((row) => row.datname);
	} finally {
		await client.end();
	}
}

describe("the schedule a running service keeps", () => {
	function scheduleWith(config: TestApp["config"]): { lines: Array<{ msg?: string; level: number }>; enqueued: Array<{ name: string; key?: string }>; stop: () => void } {
		const lines: Array<{ msg?: string; level: number }> = [];
		const enqueued: Array<{ name: string; key?: string }> = [];
		const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
		const queue = {
			...t.infra.queue,
			enqueue: async (name: string, _payload: unknown, options?: { idempotencyKey?: string }) => {
				enqueued.push({ name, ...(options?.idempotencyKey === undefined ? {} : { key: options.idempotencyKey }) });
				return { jobId: "x" };
			},
		};
		const stop = startBackupSchedule({ config, infra: { ...t.infra, queue }, logger, lifecycle: t.lifecycle });
		return { lines, enqueued, stop };
	}

	it("feeds the backup-age gauge from the newest manifest at start, and queues the day's backup when daily", async () => {
		recordBackupSucceeded(new Date(0));
		const config = { ...t.config, backup: { ...(t.config.backup as NonNullable<TestApp["config"]["backup"]>), schedule: "daily" as const } };
		const { enqueued, stop } = scheduleWith(config);
		try {
			const expected = `toolboxai_backup_last_success_timestamp_seconds ${new Date(manifest.takenAt).getTime() / 1000}`;
			await waitFor(async () => (await metricsRegistry.getSingleMetricAsString("toolboxai_backup_last_success_timestamp_seconds")).includes(expected));
			expect(enqueued).toEqual([{ name: TAKE_BACKUP_JOB, key: `daily-${new Date().toISOString().slice(0, 10)}` }]);
		} finally {
			stop();
		}
	});

	it("in production, warns when the backups stay on the instance's own disk", () => {
		const onDisk = { ...t.config, nodeEnv: "production" as const, backup: { keys: t.config.backup?.keys ?? [], schedule: "off" as const } };
		const warned = scheduleWith(onDisk);
		warned.stop();
		expect(warned.lines.some((line) => line.level === 40 && line.msg?.includes("lost with it"))).toBe(true);
		const offDisk = scheduleWith({ ...onDisk, backup: { ...onDisk.backup, dir: backupDir } });
		offDisk.stop();
		expect(offDisk.lines.filter((line) => line.level >= 40)).toEqual([]);
		expect(offDisk.enqueued).toEqual([]);
	});
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
	for (let i = 0; i < 200; i++) {
		if (await condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	throw new Error("condition not met in 5 s");
}
