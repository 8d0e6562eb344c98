import { isUuid } from "@toolboxai/shared/node";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { clsNamespace } from "./cls";
import { APP_ROLE, SYSTEM_ROLE, TENANT_SETTING } from "./rls";

export interface ScopeOptions {
	/**
	 * Join this transaction instead of opening one. Default: the ambient (CLS) transaction if there is one,
	 * because a second transaction beside it would wait forever on embedded Postgres (one session).
	 */
	readonly transaction?: Transaction;
}

/**
 * Runs `fn` as the application role with `app.tenant_id` set: row-level security then shows and accepts only
 * that tenant's rows, whatever the SQL inside says. Pass the transaction to every query (CLS also does).
 * The tenant id must come from the authenticated Caller, never from the request.
 */
export async function withTenant<T>(db: Sequelize, tenantId: string, fn: (transaction: Transaction) => Promise<T>, options: ScopeOptions = {}): Promise<T> {
	if (!isUuid(tenantId)) throw new Error("withTenant needs a tenant uuid");
	return scoped(db, APP_ROLE, tenantId, fn, options);
}

/**
 * Runs `fn` as the system role, which row-level security lets see every tenant. Only for the few lookups that
 * cannot know the tenant first: sign-in by email, token and API key lookups, signup, invitation acceptance.
 */
export async function withSystem<T>(db: Sequelize, fn: (transaction: Transaction) => Promise<T>, options: ScopeOptions = {}): Promise<T> {
	return scoped(db, SYSTEM_ROLE, "", fn, options);
}

async function scoped<T>(db: Sequelize, role: string, tenantId: string, fn: (transaction: Transaction) => Promise<T>, options: ScopeOptions): Promise<T> {
	const outer = options.transaction ?? (clsNamespace.get("transaction") as Transaction | undefined);
	if (outer === undefined) {
		return db.transaction(async (transaction) => {
			await enter(db, transaction, role, tenantId);
			return fn(transaction);
		});
	}
	// Inside someone's transaction: switch for the callback, then put back what was there (SET LOCAL would
	// otherwise last until that transaction ends).
	const [previous] = await db.query<{ role: string; session_role: string; tenant: string | null }>(
		`SELECT current_user AS role, session_user AS session_role, current_setting('${TENANT_SETTING}', true) AS tenant`,
		{ type: QueryTypes.SELECT, transaction: outer },
	);
	await enter(db, outer, role, tenantId);
	const restore = async (): Promise<void> => {
		if (previous !== undefined) await leave(db, outer, previous.role === previous.session_role ? undefined : previous.role, previous.tenant ?? "");
	};
	let result: T;
	try {
		result = await fn(outer);
	} catch (error) {
		// After a database error the transaction is aborted and will roll back, which resets both anyway, so a
		// failed restore is ignored; after an error of ours (e.g. not_found) it is still usable and the restore succeeds.
		await restore().catch(() => undefined);
		throw error;
	}
	await restore();
	return result;
}

/** One round trip: `set_config('role', r, true)` is SET LOCAL ROLE (every scoped transaction pays this). */
async function enter(db: Sequelize, transaction: Transaction, role: string, tenantId: string): Promise<void> {
	await db.query(`SELECT set_config('${TENANT_SETTING}', $1, true), set_config('role', $2, true)`, { bind: [tenantId, role], transaction });
}

async function leave(db: Sequelize, transaction: Transaction, role: string | undefined, tenantId: string): Promise<void> {
	await db.query(`SELECT set_config('${TENANT_SETTING}', $1, true)`, { bind: [tenantId], transaction });
	await db.query(role === undefined ? "SET LOCAL ROLE NONE" : `SET LOCAL ROLE "${role.replace(/"/g, '""')}"`, { transaction });
}
