/**
 * Production runs the service as a login role that owns no table and migrates with the owner's URL
 * (MIGRATION_DATABASE_URL): the service's pool never holds a role that could alter the schema or skip RLS.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Config } from "../config/config";
import { startInfrastructure } from "../infrastructure";
import { captureLogger } from "./__tests__/silent-logger";
import { adminUrl, createTempDatabase, type TempDatabase } from "./__tests__/temp-database";
import { migrations } from "./migrations";

const { logger } = captureLogger();
const login = `tbx_svc_${randomBytes(4).toString("hex")}`;
let database: TempDatabase;

async function asAdmin(sql: string, url = adminUrl()): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await client.query(sql);
	} finally {
		await client.end();
	}
}

function serviceUrl(): string {
	const url = new URL(database.url);
	url.username = login;
	return url.toString();
}

function config(overrides: Partial<Config>): Config {
	return {
		nodeEnv: "test",
		port: 0,
		host: "127.0.0.1",
		publicUrl: "http://localhost:3000",
		dataDir: "/nonexistent",
		logLevel: "silent",
		allowEmbedded: false,
		shutdownTimeoutMs: 2_000,
		maxBodyBytes: 1_000_000,
		...overrides,
	};
}

beforeAll(async () => {
	database = await createTempDatabase("migration_role");
	await asAdmin(`CREATE ROLE ${login} LOGIN`);
});

afterAll(async () => {
	await database.drop();
	await asAdmin(`DROP ROLE IF EXISTS ${login}`);
});

test("a service role that owns nothing cannot migrate a new database by itself", async () => {
	await expect(startInfrastructure(config({ databaseUrl: serviceUrl() }), logger, { queuePrefix: `t-${login}` })).rejects.toThrow(/permission denied/);
});

test("with MIGRATION_DATABASE_URL the owner migrates and the service's pool stays the non-owner role", async () => {
	const infra = await startInfrastructure(config({ databaseUrl: serviceUrl(), migrationDatabaseUrl: database.url }), logger, {
		queuePrefix: `t-${login}`,
	});
	try {
		const [[who]] = (await infra.db.query("SELECT current_user AS name")) as [Array<{ name: string }>, unknown];
		expect(who?.name).toBe(login);
		const applied = await asAdmin("SELECT name FROM schema_migrations ORDER BY name", database.url);
		expect(applied.rows.map((row) => row.name)).toEqual(migrations.map((m) => m.name));
		// It owns nothing, so it can neither change the schema nor turn row-level security off.
		await expect(infra.db.query("ALTER TABLE tenants DISABLE ROW LEVEL SECURITY")).rejects.toThrow(/must be owner/);
	} finally {
		await infra.close();
	}
});
