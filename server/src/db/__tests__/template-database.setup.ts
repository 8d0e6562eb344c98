/**
 * Jest global setup for the server suite: one database migrated once, which every test file's database is copied
 * from (CREATE DATABASE … TEMPLATE), so a file starts on the current schema in a fraction of a second instead of
 * running every migration again. The app still runs `migrate` on start; it finds nothing left to apply.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import pino from "pino";
import { migrate } from "../migrate";
import { createSequelize } from "../sequelize";

export const TEMPLATE_ENV = "TEST_DATABASE_TEMPLATE";

export default async function setUpTemplateDatabase(): Promise<void> {
	const admin = process.env.TEST_DATABASE_ADMIN_URL;
	if (admin === undefined || admin === "") return; // the files that need a database say so themselves
	const name = `tbx_template_${randomBytes(4).toString("hex")}`;
	await adminQuery(admin, `CREATE DATABASE "${name}"`);
	const url = new URL(admin);
	url.pathname = `/${name}`;
	const logger = pino({ level: "silent" });
	const db = createSequelize({ url: url.toString(), poolMax: 1, logger });
	try {
		await migrate({ db, logger, lockUrl: url.toString() });
	} finally {
		// A template may have no open connection while databases are copied from it.
		await db.close();
	}
	// Workers start after global setup, with this process's environment.
	process.env[TEMPLATE_ENV] = name;
}

export async function adminQuery(admin: string, sql: string): Promise<void> {
	const client = new pg.Client({ connectionString: admin });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}
