import type { MigrationFn } from "../migration";
import { APP_ROLE, disableTenantRls, enableTenantRls, SYSTEM_ROLE } from "../rls";

/**
 * The roles row-level security is written for (see db/rls.ts), their table rights, and memberships under RLS.
 * Roles belong to the whole cluster, not this database: created if missing (another database, or a test
 * running beside this one, may have made them a moment ago), and never dropped by `down`.
 * Production: the migrating (owner) role needs CREATEROLE; the service's login role owns nothing and is
 * granted both roles (db/rls.ts: "Production").
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	for (const role of [APP_ROLE, SYSTEM_ROLE]) {
		await q(`DO $$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
				BEGIN
					CREATE ROLE ${role} NOLOGIN;
				EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
				END;
			END IF;
			-- The migrating role must be able to SET ROLE to it (superusers always can).
			IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN
				EXECUTE format('GRANT ${role} TO %I', current_user);
			END IF;
		END $$`);
	}
	const roles = `${APP_ROLE}, ${SYSTEM_ROLE}`;
	await q(`GRANT USAGE ON SCHEMA public TO ${roles}`);
	await q(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${roles}`);
	await q(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${roles}`);
	// Tables later migrations create (as this same role) get the same rights without each one granting them.
	await q(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${roles}`);
	await q(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${roles}`);
	await enableTenantRls(queryInterface, "memberships");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	const roles = `${APP_ROLE}, ${SYSTEM_ROLE}`;
	await disableTenantRls(queryInterface, "memberships");
	await q(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${roles}`);
	await q(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${roles}`);
	await q(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${roles}`);
	await q(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${roles}`);
	await q(`REVOKE USAGE ON SCHEMA public FROM ${roles}`);
};
