/**
 * The real app over the real test infrastructure, with the device module on a clock the test moves: polling
 * pace and expiry are covered without sleeping. Mirrors http/__tests__/harness.ts startTestApp, which cannot
 * swap a default module.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { Role, TokenResponse } from "@toolboxai/shared";
import type { Express } from "express";
import { QueryTypes, type Sequelize } from "sequelize";
import { createApp, DEFAULT_MODULES } from "../../../app";
import type { Config } from "../../../config/config";
import { loadConfig } from "../../../config/load-config";
import { withSystem } from "../../../db/tenant-scope";
import type { TestDatabase } from "../../../http/__tests__/harness";
import { createLifecycle } from "../../../http/lifecycle";
import { startInfrastructure } from "../../../infrastructure";
import type { Infrastructure } from "../../../infrastructure.types";
import { createLogger } from "../../../logging/logger";
import { issueSession } from "../../auth/sessions/issue-session";
import { createUser } from "../../auth/users/create-user";
import type { Clock } from "../clock";
import { createDeviceModule } from "../routes";

export class ManualClock implements Clock {
	private current: number;
	constructor(start = Date.parse("2026-11-25T14:00:00.000Z")) {
		this.current = start;
	}
	now(): Date {
		return new Date(this.current);
	}
	advance(seconds: number): void {
		this.current += seconds * 1000;
	}
}

export interface DeviceTestApp {
	readonly app: Express;
	readonly config: Config;
	readonly infra: Infrastructure;
	readonly clock: ManualClock;
	close(): Promise<void>;
}

export async function startDeviceTestApp(database: TestDatabase, env: NodeJS.ProcessEnv = {}): Promise<DeviceTestApp> {
	const redisUrl = process.env.TEST_REDIS_URL;
	if (redisUrl === undefined || redisUrl === "") throw new Error("TEST_REDIS_URL is not set: source .tmp/test-env.sh first");
	const dataDir = mkdtempSync(path.join(tmpdir(), "tbx-device-"));
	const config = loadConfig({
		NODE_ENV: "test",
		LOG_LEVEL: "warn",
		DATA_DIR: dataDir,
		DATABASE_URL: database.url,
		REDIS_URL: redisUrl,
		PUBLIC_URL: "http://toolbox.test:8080",
		...env,
	});
	const logger = createLogger(config, new Writable({ write: (_chunk, _encoding, done) => done() }));
	const infra = await startInfrastructure(config, logger, { queuePrefix: `tbx-test-${path.basename(dataDir)}` });
	const clock = new ManualClock();
	const modules = DEFAULT_MODULES.map((module) => (module.name === "device" ? createDeviceModule({ clock }) : module));
	if (!modules.some((module) => module.name === "device")) throw new Error("the device module is not among DEFAULT_MODULES");
	const app = createApp({ config, logger, infra, lifecycle: createLifecycle(), modules });
	return {
		app,
		config,
		infra,
		clock,
		async close() {
			await infra.close();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

export interface SignedInPerson {
	readonly userId: string;
	readonly tenantId: string;
	readonly tokens: TokenResponse;
}

let people = 0;

/** A school with one person of `role`, signed in through auth's real session issuing. */
export async function signedIn(t: DeviceTestApp, role: Role, tenantId?: string): Promise<SignedInPerson> {
	const db: Sequelize = t.infra.db;
	people += 1;
	const user = await createUser(db, { email: `person${people}.${Date.now()}@school.test`, displayName: `Person ${people}` });
	const tenant =
		tenantId ??
		(await withSystem(db, async (transaction) => {
			const [row] = await db.query<{ id: string }>("INSERT INTO tenants (name) VALUES ($1) RETURNING id", {
				bind: [`School ${people}`],
				type: QueryTypes.SELECT,
				transaction,
			});
			return (row as { id: string }).id;
		}));
	await withSystem(db, (transaction) => db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)", { bind: [tenant, user.id, role], transaction }));
	const tokens = await issueSession({ config: t.config, infra: t.infra, logger: createLogger({ logLevel: "silent" }) }, { userId: user.id, tenantId: tenant, roles: [role] });
	return { userId: user.id, tenantId: tenant, tokens };
}
