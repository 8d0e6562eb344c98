import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Deployment environments: where a school's experience is deployed (staging, production, ...). The
 * Open Cloud key is sealed (AES-256-GCM under the service's master key, purpose-bound) and never returned;
 * `key_status` keeps what introspection said on save (scopes, owner, expiry) so the dashboard can show it.
 * Deleting an environment keeps its history (deployments point at it): `deleted_at`, and the name is free again.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS deployment_environments (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
			universe_id bigint NOT NULL CHECK (universe_id > 0),
			place_id bigint NOT NULL CHECK (place_id > 0),
			group_id bigint CHECK (group_id > 0),
			api_key_sealed text,
			api_key_last_four text,
			key_status jsonb,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			deleted_at timestamptz
		)`);
	await q("CREATE UNIQUE INDEX IF NOT EXISTS deployment_environments_name_key ON deployment_environments (tenant_id, name) WHERE deleted_at IS NULL");
	await enableTenantRls(queryInterface, "deployment_environments");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await disableTenantRls(queryInterface, "deployment_environments");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS deployment_environments");
};
