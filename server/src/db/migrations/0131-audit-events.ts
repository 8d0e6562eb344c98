import type { MigrationFn } from "../migration";
import { APP_ROLE, disableTenantRls, enableTenantRls, SYSTEM_ROLE } from "../rls";

/**
 * Security events, append-only: the service's roles may only INSERT and SELECT, and a trigger refuses UPDATE,
 * DELETE and TRUNCATE from anyone (an erasure job that must anonymise rows disables it explicitly, as the owner).
 * PII-light: ids, IP and request id; no names or emails in columns. tenant_id is NULL for events that belong to
 * no school (e.g. a failed sign-in for an unknown address): only the system role sees those.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS audit_events (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid REFERENCES tenants (id),
			action text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 64),
			actor_user_id uuid,
			actor_api_key_id uuid,
			target_type text CHECK (char_length(target_type) <= 64),
			target_id text CHECK (char_length(target_id) <= 128),
			ip text CHECK (char_length(ip) <= 64),
			request_id text CHECK (char_length(request_id) <= 128),
			details jsonb,
			created_at timestamptz NOT NULL DEFAULT clock_timestamp()
		)`);
	// Paging is newest first by (created_at, id) within a tenant.
	await q("CREATE INDEX IF NOT EXISTS audit_events_tenant_page_idx ON audit_events (tenant_id, created_at DESC, id DESC)");
	await q(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${APP_ROLE}, ${SYSTEM_ROLE}`);
	await q(`
		CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
		END $$`);
	await q("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events");
	await q("CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()");
	await q("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events");
	await q("CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()");
	await enableTenantRls(queryInterface, "audit_events");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await disableTenantRls(queryInterface, "audit_events");
	await q("DROP TABLE IF EXISTS audit_events");
	await q("DROP FUNCTION IF EXISTS audit_events_append_only()");
};
