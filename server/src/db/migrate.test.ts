import pg from "pg";
import type { Sequelize } from "sequelize";
import { createTempDatabase, type TempDatabase } from "./__tests__/temp-database";
import { captureLogger } from "./__tests__/silent-logger";
import { createMigrator, migrate, MIGRATION_LOCK_KEY } from "./migrate";
import type { Migration } from "./migration";
import { migrations } from "./migrations";
import { createSequelize } from "./sequelize";

const { logger } = captureLogger();
let database: TempDatabase;
const open: Sequelize[] = [];

function connect(url = database.url): Sequelize {
	const db = createSequelize({ url, poolMax: 5, logger });
	open.push(db);
	return db;
}

async function tableExists(db: Sequelize, table: string): Promise<boolean> {
	const [rows] = await db.query("SELECT to_regclass(:table) AS oid", { replacements: { table } });
	return (rows as Array<{ oid: string | null }>)[0]?.oid !== null;
}

beforeEach(async () => {
	database = await createTempDatabase("migrate");
});

afterEach(async () => {
	await Promise.all(open.splice(0).map((db) => db.close()));
	await database.drop();
});

test("applies every migration in order, records them, and a second run applies nothing", async () => {
	const db = connect();
	const names = migrations.map((m) => m.name);
	expect(names).toEqual([...names].sort());
	expect(await migrate({ db, logger, lockUrl: database.url })).toEqual(names);
	expect(await tableExists(db, "mail_outbox")).toBe(true);
	expect(await tableExists(db, "job_dead_letters")).toBe(true);
	const [applied] = await db.query("SELECT name FROM schema_migrations ORDER BY name");
	expect(applied).toEqual(names.map((name) => ({ name })));
	expect(await migrate({ db, logger, lockUrl: database.url })).toEqual([]);
});

test("the tables take the rows the drivers write, with database defaults for id and time", async () => {
	const db = connect();
	await migrate({ db, logger });
	const [mail] = await db.query("INSERT INTO mail_outbox (to_address, subject, text_body) VALUES ('a@b.co', 's', 't') RETURNING id, created_at, html_body");
	expect((mail as Array<Record<string, unknown>>)[0]).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), html_body: null });
	const [dead] = await db.query(
		`INSERT INTO job_dead_letters (job_name, job_id, payload, error, attempts)
		 VALUES ('x', '1', '{"version":1,"payload":{"a":1}}', 'boom', 3) RETURNING payload, failed_at`,
	);
	expect((dead as Array<Record<string, unknown>>)[0]?.payload).toEqual({ version: 1, payload: { a: 1 } });
});

test("every migration rolls back with down and applies again", async () => {
	const db = connect();
	const migrator = createMigrator(db, logger);
	await migrator.up();
	await migrator.down({ to: 0 });
	expect(await tableExists(db, "mail_outbox")).toBe(false);
	expect(await tableExists(db, "job_dead_letters")).toBe(false);
	expect((await migrator.executed()).length).toBe(0);
	await migrator.up();
	expect(await tableExists(db, "job_dead_letters")).toBe(true);
});

test("two instances starting together: one migrates, the other waits for it and finds nothing to do", async () => {
	// Not idempotent on purpose: run twice at once without the lock, the second CREATE TABLE fails.
	const slow: Migration = {
		name: "0001-slow",
		up: async ({ context }) => {
			await context.sequelize.query("CREATE TABLE slow_marker (id int)");
			await context.sequelize.query("SELECT pg_sleep(0.4)");
		},
		down: async ({ context }) => {
			await context.sequelize.query("DROP TABLE slow_marker");
		},
	};
	const [first, second] = await Promise.all([
		migrate({ db: connect(), logger, lockUrl: database.url, migrations: [slow] }),
		migrate({ db: connect(), logger, lockUrl: database.url, migrations: [slow] }),
	]);
	expect([...first, ...second]).toEqual(["0001-slow"]);
});

test("a failing migration rolls back entirely and is not recorded", async () => {
	const broken: Migration = {
		name: "0001-broken",
		up: async ({ context }) => {
			await context.sequelize.query("CREATE TABLE half_done (id int)");
			await context.sequelize.query("SELECT * FROM no_such_table");
		},
		down: async () => undefined,
	};
	const db = connect();
	await expect(migrate({ db, logger, migrations: [broken] })).rejects.toThrow(/no_such_table/);
	// The transaction around the migration (joined through CLS) undid the CREATE TABLE.
	expect(await tableExists(db, "half_done")).toBe(false);
	expect((await createMigrator(db, logger, [broken]).executed()).length).toBe(0);
});

test("gives up with a clear error when another instance holds the migration lock too long", async () => {
	const holder = new pg.Client({ connectionString: database.url });
	await holder.connect();
	try {
		await holder.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
		await expect(migrate({ db: connect(), logger, lockUrl: database.url, lockTimeoutMs: 300 })).rejects.toThrow(/another instance is still migrating/);
	} finally {
		await holder.end();
	}
});
