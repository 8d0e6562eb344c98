import type { MigrationFn } from "../migration";
import { APP_ROLE, SYSTEM_ROLE, TENANT_SETTING } from "../rls";

/**
 * The tenants table under row-level security too: in a tenant scope only the school itself is visible (its name
 * is what the app needs), so no query can list other schools. Keyed by `id`, hence its own policies rather than
 * enableTenantRls. Foreign-key checks from tenant-owned tables are not subject to these policies.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q("ALTER TABLE tenants ENABLE ROW LEVEL SECURITY");
	await q("ALTER TABLE tenants FORCE ROW LEVEL SECURITY");
	await q("DROP POLICY IF EXISTS tenants_own ON tenants");
	await q("DROP POLICY IF EXISTS tenants_system_access ON tenants");
	await q(`CREATE POLICY tenants_own ON tenants FOR SELECT TO ${APP_ROLE} USING (id = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid)`);
	await q(`CREATE POLICY tenants_system_access ON tenants TO ${SYSTEM_ROLE}
		USING (current_user = '${SYSTEM_ROLE}') WITH CHECK (current_user = '${SYSTEM_ROLE}')`);
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q("DROP POLICY IF EXISTS tenants_own ON tenants");
	await q("DROP POLICY IF EXISTS tenants_system_access ON tenants");
	await q("ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY");
	await q("ALTER TABLE tenants DISABLE ROW LEVEL SECURITY");
};
