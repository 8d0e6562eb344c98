import type { MigrationFn } from "../migration";
import { APP_ROLE, disableTenantRls, enableTenantRls, TENANT_SETTING } from "../rls";

/**
 * Studio sign-in (RFC 8628 device authorization grant). A row is created tenantless when the plugin asks for
 * a code, and gets the approving teacher's tenant and user when they approve it.
 *
 * Row-level security: the usual tenant policy (a tenant sees its approved/denied rows), plus two for the one
 * thing a tenant may do with a row that is nobody's yet: read an unclaimed row by its user code, and claim it
 * for itself (the WITH CHECK only lets the update write the caller's own tenant). The plugin's polling knows no
 * tenant, so it reads by device-code hash as the system role.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS device_authorizations (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			device_code_hash text NOT NULL UNIQUE CHECK (char_length(device_code_hash) = 64),
			user_code text NOT NULL UNIQUE CHECK (user_code ~ '^[BCDFGHJKLMNPQRSTVWXZ]{8}$'),
			client_id text NOT NULL CHECK (char_length(client_id) BETWEEN 1 AND 64),
			device_name text CHECK (char_length(device_name) BETWEEN 1 AND 80),
			status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'consumed')),
			tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
			user_id uuid REFERENCES users (id) ON DELETE CASCADE,
			interval_seconds integer NOT NULL CHECK (interval_seconds BETWEEN 1 AND 3600),
			last_polled_at timestamptz,
			expires_at timestamptz NOT NULL,
			decided_at timestamptz,
			created_at timestamptz NOT NULL DEFAULT now(),
			CHECK (status = 'pending' OR (tenant_id IS NOT NULL AND user_id IS NOT NULL AND decided_at IS NOT NULL))
		)`);
	await q("CREATE INDEX IF NOT EXISTS device_authorizations_expires_idx ON device_authorizations (expires_at)");
	await q("CREATE INDEX IF NOT EXISTS device_authorizations_tenant_idx ON device_authorizations (tenant_id) WHERE tenant_id IS NOT NULL");
	await enableTenantRls(queryInterface, "device_authorizations");
	const tenant = `NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;
	await q("DROP POLICY IF EXISTS device_authorizations_read_unclaimed ON device_authorizations");
	await q("DROP POLICY IF EXISTS device_authorizations_claim ON device_authorizations");
	await q(`CREATE POLICY device_authorizations_read_unclaimed ON device_authorizations FOR SELECT TO ${APP_ROLE} USING (tenant_id IS NULL)`);
	await q(`CREATE POLICY device_authorizations_claim ON device_authorizations FOR UPDATE TO ${APP_ROLE}
		USING (tenant_id IS NULL) WITH CHECK (tenant_id = ${tenant})`);
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q("DROP POLICY IF EXISTS device_authorizations_read_unclaimed ON device_authorizations");
	await q("DROP POLICY IF EXISTS device_authorizations_claim ON device_authorizations");
	await disableTenantRls(queryInterface, "device_authorizations");
	await q("DROP TABLE IF EXISTS device_authorizations");
};
