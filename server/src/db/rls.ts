import type { QueryInterface } from "sequelize";

/**
 * Row-level security, the second wall behind "every query filters by tenant". The service's own code runs
 * tenant work as APP_ROLE (policy: only rows of `app.tenant_id`) and the few cross-tenant lookups (login by
 * email, token and key lookups, signup) as SYSTEM_ROLE (policy: every row). Both are NOLOGIN roles; the
 * login role switches to them per transaction (see tenant-scope.ts). A login role that owns no table and
 * has neither role active sees no tenant-owned row at all: forgetting the scope fails closed.
 *
 * Production (real Postgres): two roles, neither a superuser.
 *  - The owner (e.g. `toolboxai_owner`, CREATEROLE) runs the migrations: it owns every table, creates the two
 *    NOLOGIN roles and grants them table rights (migration 0130, default privileges for later tables).
 *  - The service logs in as a role that owns nothing, e.g.
 *    `CREATE ROLE toolboxai_service LOGIN PASSWORD '…'; GRANT toolboxai_app, toolboxai_system TO toolboxai_service;`
 *    It inherits the table rights (global tables such as users work unscoped), but outside withTenant/withSystem
 *    no policy admits it to a tenant-owned row: a forgotten scope reads nothing and cannot write.
 *    Stricter, once every query runs in a scope: create it NOINHERIT, so an unscoped query errors instead.
 *    Give DATABASE_URL this role, and run the migrations with the owner's URL.
 *  Because the service does not own the tables, it cannot ALTER them or turn row-level security off, and FORCE
 *  binds the owner too. Superusers bypass row-level security: never run the service as one.
 */
export const APP_ROLE = "toolboxai_app";
export const SYSTEM_ROLE = "toolboxai_system";

/** The per-transaction setting the policies read; unset or empty means "no tenant": no row is visible. */
export const TENANT_SETTING = "app.tenant_id";

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function checkedIdentifier(name: string): string {
	if (!IDENTIFIER.test(name)) throw new Error(`Not a plain lower-case SQL identifier: ${name}`);
	return name;
}

/**
 * Puts a table with a `tenant_id uuid` column under row-level security: ENABLE + FORCE (so even the owner
 * is bound), APP_ROLE sees and writes only its tenant's rows (USING and WITH CHECK), SYSTEM_ROLE sees all.
 * Call it from your migration's `up` right after creating the table; `disableTenantRls` in `down`.
 * The table's callers must then run inside withTenant/withSystem (db/tenant-scope.ts).
 */
export async function enableTenantRls(queryInterface: QueryInterface, table: string): Promise<void> {
	const name = checkedIdentifier(table);
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`);
	await q(`ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`);
	await q(`DROP POLICY IF EXISTS ${name}_tenant_isolation ON ${name}`);
	await q(`DROP POLICY IF EXISTS ${name}_system_access ON ${name}`);
	// NULLIF: after a scoped transaction ends the setting reads '' (not NULL) on that session, and ''::uuid would throw.
	await q(`CREATE POLICY ${name}_tenant_isolation ON ${name} TO ${APP_ROLE}
		USING (tenant_id = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid)
		WITH CHECK (tenant_id = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid)`);
	// current_user, not just "TO": a policy's role list also matches members of the role, and the service's login
	// role is a member of both; without this, it would see every row outside any scope.
	await q(`CREATE POLICY ${name}_system_access ON ${name} TO ${SYSTEM_ROLE}
		USING (current_user = '${SYSTEM_ROLE}') WITH CHECK (current_user = '${SYSTEM_ROLE}')`);
}

export async function disableTenantRls(queryInterface: QueryInterface, table: string): Promise<void> {
	const name = checkedIdentifier(table);
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`DROP POLICY IF EXISTS ${name}_tenant_isolation ON ${name}`);
	await q(`DROP POLICY IF EXISTS ${name}_system_access ON ${name}`);
	await q(`ALTER TABLE ${name} NO FORCE ROW LEVEL SECURITY`);
	await q(`ALTER TABLE ${name} DISABLE ROW LEVEL SECURITY`);
}
