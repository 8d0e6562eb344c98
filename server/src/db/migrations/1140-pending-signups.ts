import type { MigrationFn } from "../migration";
import { SYSTEM_ROLE } from "../rls";

/**
 * Sign-ups waiting for their emailed link: the school's name and the address, never a password (it is chosen when
 * the link is opened, so whoever types an address cannot choose the password of the account it gets). The link's
 * token is kept as its SHA-256 hash; finishing deletes the address's rows, so a link works once.
 *
 * Row-level security: the rows belong to no tenant yet, and tenant work must never see who asked to sign up.
 * Only the system role (withSystem) reads or writes them; the application role and an unscoped login see none.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS pending_signups (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			organization_name text NOT NULL CHECK (char_length(organization_name) BETWEEN 1 AND 120),
			email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
			email_normalized text NOT NULL CHECK (char_length(email_normalized) BETWEEN 3 AND 254),
			token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL
		)`);
	await q("CREATE INDEX IF NOT EXISTS pending_signups_email_idx ON pending_signups (email_normalized)");
	await q("CREATE INDEX IF NOT EXISTS pending_signups_expires_idx ON pending_signups (expires_at)");
	await q("ALTER TABLE pending_signups ENABLE ROW LEVEL SECURITY");
	await q("ALTER TABLE pending_signups FORCE ROW LEVEL SECURITY");
	await q("DROP POLICY IF EXISTS pending_signups_system_access ON pending_signups");
	// current_user, not just "TO": the service's login role is a member of the system role (see db/rls.ts).
	await q(`CREATE POLICY pending_signups_system_access ON pending_signups TO ${SYSTEM_ROLE}
		USING (current_user = '${SYSTEM_ROLE}') WITH CHECK (current_user = '${SYSTEM_ROLE}')`);
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS pending_signups");
};
