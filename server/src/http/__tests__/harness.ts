/**
 * Test helpers for the HTTP layer: a database of our own per test file on the real test Postgres, the real
 * infrastructure over it, and the app with its log lines captured for assertions.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { Express } from "express";
import { Client } from "pg";
import { createApp, DEFAULT_MODULES } from "../../app";
import type { Config } from "../../config/config";
import { loadConfig } from "../../config/load-config";
import { startInfrastructure } from "../../infrastructure";
import { startMailCourier } from "../../jobs/__tests__/mail-courier";
import type { Infrastructure } from "../../infrastructure.types";
import { createLogger } from "../../logging/logger";
import type { AppModule } from "../app-module";
import { createLifecycle, type Lifecycle } from "../lifecycle";

function requiredEnv(name: string): string {
	const value = process.env[name];
	if (value === undefined || value === "") throw new Error(`${name} is not set: run \`source .tmp/test-env.sh\` (tests/env/services.sh start) first`);
	return value;
}

export interface TestDatabase {
	readonly url: string;
	drop(): Promise<void>;
}

/**
 * A fresh database on the test Postgres, named after the test file; drop() removes it (connections and all).
 * `empty`: no schema at all (a restore target), instead of a copy of the suite's migrated template.
 */
export async function createTestDatabase(label: string, options: { empty?: boolean } = {}): Promise<TestDatabase> {
	const admin = requiredEnv("TEST_DATABASE_ADMIN_URL");
	const name = `tbx_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
	const client = new Client({ connectionString: admin });
	await client.connect();
	try {
		// Copied from the suite's migrated template when there is one (Jest global setup), else empty and migrated on start.
		const template = options.empty === true ? undefined : process.env.TEST_DATABASE_TEMPLATE;
		await client.query(`CREATE DATABASE "${name}"${template === undefined || template === "" ? "" : ` TEMPLATE "${template}"`}`);
	} finally {
		await client.end();
	}
	const url = new URL(admin);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const dropper = new Client({ connectionString: admin });
			await dropper.connect();
			try {
				await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			} finally {
				await dropper.end();
			}
		},
	};
}

export type LogLine = Record<string, unknown> & { msg?: string; requestId?: string; level?: string };

export interface TestApp {
	readonly app: Express;
	readonly config: Config;
	readonly infra: Infrastructure;
	readonly lifecycle: Lifecycle;
	readonly logs: LogLine[];
	close(): Promise<void>;
}

export interface TestAppOptions {
	readonly database: TestDatabase;
	readonly env?: NodeJS.ProcessEnv;
	readonly extraModules?: ReadonlyArray<AppModule>;
	/** Replace parts of the infrastructure the app sees (e.g. a recording realtime, Open Cloud on a simulated clock). */
	readonly wrapInfra?: (infra: Infrastructure, config: Config) => Infrastructure;
	/** Redis key prefix (queue, event bus); give two apps the same one to run them as two instances of one service. */
	readonly redisPrefix?: string;
}

/** The real app over the real infrastructure (test Postgres + Redis), logging JSON into `logs`. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
	const dataDir = mkdtempSync(path.join(tmpdir(), "tbx-http-"));
	const config = loadConfig({
		NODE_ENV: "test",
		LOG_LEVEL: "debug",
		DATA_DIR: dataDir,
		DATABASE_URL: options.database.url,
		REDIS_URL: requiredEnv("TEST_REDIS_URL"),
		...options.env,
	});
	const logs: LogLine[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") logs.push(JSON.parse(line) as LogLine);
			done();
		},
	});
	const logger = createLogger(config, sink);
	// Our own BullMQ key prefix: test files share one Redis.
	const queuePrefix = options.redisPrefix ?? `tbx-test-${path.basename(dataDir)}`;
	const started = await startInfrastructure(config, logger, { queuePrefix });
	// Mail is delivered at once (sign-up links, invitations), while the domain's jobs wait for the test to start them.
	const courier = await startMailCourier(started, { logger, redisUrl: config.redisUrl, prefix: queuePrefix });
	const infra = options.wrapInfra?.(courier.infra, config) ?? courier.infra;
	const lifecycle = createLifecycle();
	const app = createApp({ config, logger, infra, lifecycle, modules: [...DEFAULT_MODULES, ...(options.extraModules ?? [])] });
	return {
		app,
		config,
		infra,
		lifecycle,
		logs,
		async close() {
			await courier.close();
			await started.close();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/** Text that would only appear in a body if a stack trace or an internal error leaked. */
export const LEAK_PATTERN = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|Error: |SELECT |INSERT /;

/** The SQL an app's pool runs while `fn` runs: to show a path reads (or does not read) the database. */
export async function sqlDuring(t: TestApp, fn: () => Promise<unknown>): Promise<string[]> {
	const seen: string[] = [];
	const query = t.infra.db.query.bind(t.infra.db) as (sql: unknown, options?: unknown) => Promise<unknown>;
	const spy = jest.spyOn(t.infra.db, "query").mockImplementation(((sql: unknown, options?: unknown) => {
		seen.push(String(sql));
		return query(sql, options);
	}) as never);
	try {
		await fn();
	} finally {
		spy.mockRestore();
	}
	return seen;
}
