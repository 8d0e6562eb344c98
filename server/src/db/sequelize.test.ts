import { QueryTypes, type Sequelize } from "sequelize";
import { createTempDatabase, type TempDatabase } from "./__tests__/temp-database";
import { captureLogger } from "./__tests__/silent-logger";
import { runOutsideTransaction } from "./cls";
import { createSequelize, pingSequelize } from "./sequelize";

const { logger } = captureLogger();
let database: TempDatabase;
let db: Sequelize;

beforeAll(async () => {
	database = await createTempDatabase("sequelize");
	db = createSequelize({ url: database.url, poolMax: 2, logger });
	await db.query("CREATE TABLE notes (body text)");
});

afterAll(async () => {
	await db.close();
	await database.drop();
});

beforeEach(async () => {
	await db.query("TRUNCATE notes");
});

async function notes(): Promise<string[]> {
	const rows = await db.query<{ body: string }>("SELECT body FROM notes ORDER BY body", { type: QueryTypes.SELECT, transaction: null });
	return rows.map((row) => row.body);
}

test("queries inside a transaction join it without being passed the transaction (CLS)", async () => {
	await expect(
		db.transaction(async () => {
			await db.query("INSERT INTO notes VALUES ('inside')");
			throw new Error("roll back");
		}),
	).rejects.toThrow("roll back");
	expect(await notes()).toEqual([]);
});

test("runOutsideTransaction escapes the ambient transaction", async () => {
	await expect(
		db.transaction(async () => {
			await db.query("INSERT INTO notes VALUES ('rolled-back')");
			await runOutsideTransaction(() => db.query("INSERT INTO notes VALUES ('kept')"));
			throw new Error("roll back");
		}),
	).rejects.toThrow("roll back");
	expect(await notes()).toEqual(["kept"]);
});

test("work scheduled from a committed transaction can still query (it runs detached)", async () => {
	let later: Promise<unknown> | undefined;
	await db.transaction(async () => {
		later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => runOutsideTransaction(() => db.query("INSERT INTO notes VALUES ('after-commit')")));
	});
	await later;
	expect(await notes()).toEqual(["after-commit"]);
});

test("ping answers SELECT 1 and fails fast when no connection is free", async () => {
	await pingSequelize(db);
	const single = createSequelize({ url: database.url, poolMax: 1, logger });
	const blocker = await single.transaction();
	try {
		// The message comes from ping's own 300 ms timer, not from the pool's (much longer) acquire timeout.
		await expect(pingSequelize(single, 300)).rejects.toThrow(/did not answer within 300 ms/);
	} finally {
		await blocker.rollback();
		await single.close();
	}
});
