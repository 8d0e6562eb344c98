/**
 * Test isolation: each test file gets its own database on the shared test Postgres, dropped afterwards.
 * Needs TEST_DATABASE_ADMIN_URL (source .tmp/test-env.sh).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface TempDatabase {
	readonly url: string;
	readonly name: string;
	drop(): Promise<void>;
}

export function adminUrl(): string {
	const url = process.env.TEST_DATABASE_ADMIN_URL;
	if (url === undefined || url === "") throw new Error("TEST_DATABASE_ADMIN_URL is not set: source .tmp/test-env.sh first");
	return url;
}

export function redisUrl(): string {
	const url = process.env.TEST_REDIS_URL;
	if (url === undefined || url === "") throw new Error("TEST_REDIS_URL is not set: source .tmp/test-env.sh first");
	return url;
}

export async function createTempDatabase(label = "infra"): Promise<TempDatabase> {
	const name = `t_${label}_${randomBytes(6).toString("hex")}`;
	await adminQuery(`CREATE DATABASE ${name}`);
	const url = new URL(adminUrl());
	url.pathname = `/${name}`;
	return { url: url.toString(), name, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(sql: string): Promise<void> {
	const client = new pg.Client({ connectionString: adminUrl() });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}
