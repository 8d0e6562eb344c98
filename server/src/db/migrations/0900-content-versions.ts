import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * What game servers play (assignments, the classes that hold them, the lesson versions and lessons they name) bumps a
 * per-school counter and notifies every listening instance, from triggers: every write path is covered, including
 * ones added later and plain SQL, and the notice goes out only when the transaction commits. Instances keep each
 * school's content with its ETag and drop it on the notice (modules/lessons/content-cache.ts); where no instance
 * listens (the embedded default) the counter alone says whether a kept copy is current. The writing instance also
 * hears a RAISE NOTICE as the write runs, so it reads its own writes even before the commit's notice arrives.
 */
const TABLES: ReadonlyArray<{ table: string; events: string }> = [
	{ table: "class_assignments", events: "INSERT OR UPDATE OR DELETE" },
	{ table: "classes", events: "UPDATE OR DELETE" },
	{ table: "lesson_versions", events: "UPDATE OR DELETE" },
	{ table: "lessons", events: "UPDATE OR DELETE" },
];

export const CONTENT_CHANNEL = "toolboxai_content";

export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`CREATE TABLE content_versions (
		tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
		version bigint NOT NULL DEFAULT 1
	)`);
	await enableTenantRls(queryInterface, "content_versions");
	// Runs as the writer (under its school's row-level security): a write that may touch a school's rows may bump it.
	await q(`CREATE FUNCTION bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
		DECLARE school uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
		BEGIN
			INSERT INTO content_versions (tenant_id) VALUES (school)
				ON CONFLICT (tenant_id) DO UPDATE SET version = content_versions.version + 1;
			-- "<school> <transaction id>": the writer matches the commit's notice to the write it heard (below).
			PERFORM pg_notify('${CONTENT_CHANNEL}', school::text || ' ' || txid_current()::text);
			-- Heard by the writing instance as the statement runs, before the commit: it stops trusting its copy at once.
			RAISE NOTICE '${CONTENT_CHANNEL} % %', school, txid_current();
			RETURN NULL;
		END $$`);
	for (const { table, events } of TABLES) {
		await q(`CREATE TRIGGER ${table}_content_version AFTER ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION bump_content_version()`);
	}
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	for (const { table } of TABLES) await q(`DROP TRIGGER IF EXISTS ${table}_content_version ON ${table}`);
	await q("DROP FUNCTION IF EXISTS bump_content_version()");
	await disableTenantRls(queryInterface, "content_versions");
	await q("DROP TABLE IF EXISTS content_versions");
};
