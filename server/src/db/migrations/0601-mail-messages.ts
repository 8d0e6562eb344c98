import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls, SYSTEM_ROLE } from "../rls";

/**
 * The mail module's records. `mail_messages`: one row per mail the service means to send (its template and data,
 * not the rendered text), with its delivery status and the provider's message id; unique by idempotency key, so a
 * retried request or job never mails twice. A school's admins see their school's rows (row-level security; mail to
 * no school yet, such as a sign-up, has no tenant and only the system role sees it).
 * `mail_suppressions`: addresses mail must not go to (hard bounce, spam report, unsubscribe), one row per address
 * and reason. `mail_webhook_events`: the provider event ids already handled, so a redelivered event counts once.
 * Both hold addresses of people of every school: only the system role reads or writes them.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS mail_messages (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
			to_address text NOT NULL CHECK (char_length(to_address) BETWEEN 3 AND 320),
			to_normalized text NOT NULL CHECK (char_length(to_normalized) BETWEEN 3 AND 320),
			template text NOT NULL CHECK (char_length(template) BETWEEN 1 AND 100),
			category text NOT NULL CHECK (category IN ('essential', 'notice')),
			data jsonb NOT NULL,
			idempotency_key text NOT NULL UNIQUE CHECK (char_length(idempotency_key) BETWEEN 1 AND 300),
			status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'deferred', 'bounced', 'dropped', 'spam_report', 'unsubscribed', 'suppressed', 'failed')),
			driver text CHECK (driver IN ('outbox', 'sendgrid')),
			provider_message_id text CHECK (char_length(provider_message_id) <= 200),
			failure_reason text CHECK (char_length(failure_reason) <= 1000),
			send_attempts integer NOT NULL DEFAULT 0,
			unsubscribe_token text NOT NULL UNIQUE CHECK (char_length(unsubscribe_token) BETWEEN 32 AND 64),
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			sent_at timestamptz,
			status_at timestamptz NOT NULL DEFAULT now()
		)`);
	await q("CREATE INDEX IF NOT EXISTS mail_messages_tenant_created_idx ON mail_messages (tenant_id, created_at DESC, id DESC)");
	await q("CREATE INDEX IF NOT EXISTS mail_messages_provider_id_idx ON mail_messages (provider_message_id)");
	await enableTenantRls(queryInterface, "mail_messages");
	await q(`
		CREATE TABLE IF NOT EXISTS mail_suppressions (
			email_normalized text NOT NULL CHECK (char_length(email_normalized) BETWEEN 3 AND 320),
			reason text NOT NULL CHECK (reason IN ('bounce', 'spam_report', 'unsubscribe')),
			detail text CHECK (char_length(detail) <= 1000),
			source text NOT NULL CHECK (source IN ('provider', 'recipient')),
			created_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (email_normalized, reason)
		)`);
	await q(`
		CREATE TABLE IF NOT EXISTS mail_webhook_events (
			event_id text PRIMARY KEY CHECK (char_length(event_id) BETWEEN 1 AND 200),
			event text NOT NULL,
			message_id uuid,
			received_at timestamptz NOT NULL DEFAULT now()
		)`);
	for (const table of ["mail_suppressions", "mail_webhook_events"]) {
		await q(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
		await q(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
		await q(`DROP POLICY IF EXISTS ${table}_system_access ON ${table}`);
		// current_user, not just "TO": the service's login role is a member of the system role (see db/rls.ts).
		await q(`CREATE POLICY ${table}_system_access ON ${table} TO ${SYSTEM_ROLE}
			USING (current_user = '${SYSTEM_ROLE}') WITH CHECK (current_user = '${SYSTEM_ROLE}')`);
	}
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q("DROP TABLE IF EXISTS mail_webhook_events");
	await q("DROP TABLE IF EXISTS mail_suppressions");
	await disableTenantRls(queryInterface, "mail_messages");
	await q("DROP TABLE IF EXISTS mail_messages");
};
