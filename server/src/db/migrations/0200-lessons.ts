import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Lessons and their versions. A version is immutable: one row per (lesson, version) and per (lesson, content
 * hash), so the same content is stored once, and a trigger refuses UPDATE so no code path can rewrite history.
 * `latest_version` / `published_version` on the lesson are denormalised for lists (kept in the same transaction).
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS lessons (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			owner_user_id uuid NOT NULL REFERENCES users (id),
			title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
			subject text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 60),
			grade_band text NOT NULL CHECK (char_length(grade_band) BETWEEN 1 AND 20),
			objectives jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(objectives) = 'array'),
			status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
			latest_version text,
			published_version text,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`);
	await q("CREATE INDEX IF NOT EXISTS lessons_tenant_created_idx ON lessons (tenant_id, created_at DESC, id DESC)");
	await q("CREATE INDEX IF NOT EXISTS lessons_tenant_owner_idx ON lessons (tenant_id, owner_user_id)");
	await enableTenantRls(queryInterface, "lessons");

	await q(`
		CREATE TABLE IF NOT EXISTS lesson_versions (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			lesson_id uuid NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
			version text NOT NULL CHECK (char_length(version) BETWEEN 5 AND 64),
			content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
			content jsonb NOT NULL,
			author_user_id uuid NOT NULL REFERENCES users (id),
			created_at timestamptz NOT NULL DEFAULT now(),
			CONSTRAINT lesson_versions_version_key UNIQUE (lesson_id, version),
			CONSTRAINT lesson_versions_content_hash_key UNIQUE (lesson_id, content_hash)
		)`);
	await enableTenantRls(queryInterface, "lesson_versions");
	await q(`
		CREATE OR REPLACE FUNCTION lesson_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION 'lesson versions are immutable';
		END $$`);
	await q("DROP TRIGGER IF EXISTS lesson_versions_no_update ON lesson_versions");
	await q("CREATE TRIGGER lesson_versions_no_update BEFORE UPDATE ON lesson_versions FOR EACH ROW EXECUTE FUNCTION lesson_versions_immutable()");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await disableTenantRls(queryInterface, "lesson_versions");
	await q("DROP TABLE IF EXISTS lesson_versions");
	await q("DROP FUNCTION IF EXISTS lesson_versions_immutable()");
	await disableTenantRls(queryInterface, "lessons");
	await q("DROP TABLE IF EXISTS lessons");
};
