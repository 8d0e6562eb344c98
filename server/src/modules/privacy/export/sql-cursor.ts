import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/**
 * A query's rows in batches through a server-side cursor (DECLARE … FETCH) inside the caller's transaction: Postgres
 * keeps the result, the service holds one batch at a time, and every batch comes from the same snapshot.
 */
export async function* cursorBatches<T extends object>(
	db: Sequelize,
	transaction: Transaction,
	name: string,
	sql: string,
	bind: ReadonlyArray<unknown>,
	batchSize = 2000,
): AsyncGenerator<T[]> {
	if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain cursor name: ${name}`);
	await db.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, { bind: [...bind], transaction });
	try {
		for (;;) {
			const rows = await db.query<T>(`FETCH ${batchSize} FROM ${name}`, { type: QueryTypes.SELECT, transaction });
			if (rows.length === 0) return;
			yield rows;
		}
	} finally {
		await db.query(`CLOSE ${name}`, { transaction }).catch(() => undefined);
	}
}
