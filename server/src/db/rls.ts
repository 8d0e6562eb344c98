import type { QueryInterface } from "sequelize";

/**
 * Row-level security, the second wall behind "every query filters by tenant". The service's own code runs
 * tenant work as APP_ROLE (policy: only rows of `app.tenant_id`) and the few cross-tenant lookups (login by
 * email, token and key lookups, signup) as SYSTEM_ROLE (policy: every row). Both are NOLOGIN roles; the
 * login role switches to them per transaction (see tenant-scope.ts). A login role that owns no table and
 * has neither role active sees no tenant-owned row at all: forgetting the scope fails closed.
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
	await q(`CREATE POLICY ${name}_system_access ON ${name} TO ${SYSTEM_ROLE} USING (true) WITH CHECK (true)`);
}

export async function disableTenantRls(queryInterface: QueryInterface, table: string): Promise<void> {
	const name = checkedIdentifier(table);
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`DROP POLICY IF EXISTS ${name}_tenant_isolation ON ${name}`);
	await q(`DROP POLICY IF EXISTS ${name}_system_access ON ${name}`);
	await q(`ALTER TABLE ${name} NO FORCE ROW LEVEL SECURITY`);
	await q(`ALTER TABLE ${name} DISABLE ROW LEVEL SECURITY`);
}
