import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Releases and deployments.
 * - stored_files: the bytes a school uploaded, content-addressed (tenant, sha256); the object lives in storage at
 *   tenants/<tenant>/files/<sha256>. A file is stored once whatever the number of releases naming it.
 * - releases + release_assets: a place file, named assets and lesson versions, by hash.
 * - environment_assets: the asset map, SHA-256 → Roblox asset id per environment. Assets are never updated in
 *   place, so an asset id always means one file and an old release's map is still right when rolled back to.
 * - deployments + deployment_steps + deployment_assets: what a deploy did, step by step and asset by asset, so a
 *   deploy interrupted anywhere resumes without redoing a finished call. One running deployment per environment.
 *   lease_until/lease_owner: the runner holding a deployment renews its lease while it runs; a killed runner's
 *   lease expires and a sweep hands the deployment to another runner (taking a lease is one conditional UPDATE,
 *   so two runners never hold it together).
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS stored_files (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
			size bigint NOT NULL CHECK (size > 0),
			content_type text NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (tenant_id, sha256)
		)`);
	await enableTenantRls(queryInterface, "stored_files");
	await q(`
		CREATE TABLE IF NOT EXISTS releases (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			number integer NOT NULL CHECK (number > 0),
			place_sha256 text NOT NULL CHECK (place_sha256 ~ '^[0-9a-f]{64}$'),
			place_size bigint NOT NULL CHECK (place_size > 0),
			place_file_name text NOT NULL,
			lessons jsonb NOT NULL DEFAULT '[]',
			notes text,
			created_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
			created_by_api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (tenant_id, number)
		)`);
	await q("CREATE INDEX IF NOT EXISTS releases_tenant_idx ON releases (tenant_id, created_at DESC, id DESC)");
	await enableTenantRls(queryInterface, "releases");
	await q(`
		CREATE TABLE IF NOT EXISTS release_assets (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			release_id uuid NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
			name text NOT NULL,
			sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
			size bigint NOT NULL CHECK (size > 0),
			asset_type text NOT NULL CHECK (asset_type IN ('Image', 'Decal', 'Audio', 'Model')),
			PRIMARY KEY (release_id, name)
		)`);
	await enableTenantRls(queryInterface, "release_assets");
	await q(`
		CREATE TABLE IF NOT EXISTS environment_assets (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			environment_id uuid NOT NULL REFERENCES deployment_environments (id) ON DELETE CASCADE,
			sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
			asset_type text NOT NULL,
			asset_id text NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (environment_id, sha256, asset_type)
		)`);
	await enableTenantRls(queryInterface, "environment_assets");
	await q(`
		CREATE TABLE IF NOT EXISTS deployments (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			environment_id uuid NOT NULL REFERENCES deployment_environments (id),
			release_id uuid NOT NULL REFERENCES releases (id),
			kind text NOT NULL CHECK (kind IN ('deploy', 'rollback')),
			rollback_of uuid REFERENCES deployments (id),
			status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
			dry_run boolean NOT NULL,
			force boolean NOT NULL DEFAULT false,
			place_version integer,
			error jsonb,
			lease_until timestamptz,
			lease_owner uuid,
			created_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
			created_by_api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			started_at timestamptz,
			finished_at timestamptz
		)`);
	await q("CREATE INDEX IF NOT EXISTS deployments_tenant_idx ON deployments (tenant_id, created_at DESC, id DESC)");
	await q("CREATE UNIQUE INDEX IF NOT EXISTS deployments_one_active_key ON deployments (environment_id) WHERE status IN ('queued', 'running')");
	// The last succeeded deployment of an environment (plan's upToDate, the asset map's history).
	await q("CREATE INDEX IF NOT EXISTS deployments_environment_idx ON deployments (environment_id, created_at DESC, id DESC)");
	await enableTenantRls(queryInterface, "deployments");
	await q(`
		CREATE TABLE IF NOT EXISTS deployment_steps (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
			position smallint NOT NULL,
			name text NOT NULL,
			status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'skipped', 'failed')),
			done integer NOT NULL DEFAULT 0,
			total integer NOT NULL DEFAULT 0,
			detail text,
			state jsonb,
			started_at timestamptz,
			finished_at timestamptz,
			PRIMARY KEY (deployment_id, name)
		)`);
	await enableTenantRls(queryInterface, "deployment_steps");
	await q(`
		CREATE TABLE IF NOT EXISTS deployment_assets (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
			sha256 text NOT NULL,
			asset_type text NOT NULL,
			name text NOT NULL,
			status text NOT NULL CHECK (status IN ('pending', 'uploading', 'processing', 'done', 'failed')),
			operation_id text,
			asset_id text,
			PRIMARY KEY (deployment_id, sha256, asset_type)
		)`);
	await enableTenantRls(queryInterface, "deployment_assets");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	for (const table of ["deployment_assets", "deployment_steps", "deployments", "environment_assets", "release_assets", "releases", "stored_files"]) {
		await disableTenantRls(queryInterface, table);
		await queryInterface.sequelize.query(`DROP TABLE IF EXISTS ${table}`);
	}
};
