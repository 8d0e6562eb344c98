import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Billing: one account per school (its Stripe customer and subscription as last read from Stripe, the app's own
 * trial, seats, how it pays, contacts), the Stripe event ids already taken (a duplicate delivery does nothing), the
 * billing mails already sent (one per invoice and reminder), and the moment billing was first switched on (schools
 * older than that get their trial from then).
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS billing_switched_on (
			only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
			at timestamptz NOT NULL DEFAULT now()
		)`);
	await q(`
		CREATE TABLE IF NOT EXISTS billing_accounts (
			tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
			trial_started_at timestamptz NOT NULL,
			stripe_customer_id text UNIQUE,
			stripe_subscription_id text UNIQUE,
			subscription_status text CHECK (subscription_status IN ('trialing', 'active', 'incomplete', 'incomplete_expired', 'past_due', 'unpaid', 'canceled', 'paused')),
			seats_bought integer CHECK (seats_bought >= 0),
			seats_wanted integer CHECK (seats_wanted >= 0),
			cancel_at_period_end boolean NOT NULL DEFAULT false,
			current_period_end timestamptz,
			subscription_trial_end timestamptz,
			payment_method_kind text,
			collection_method text NOT NULL DEFAULT 'charge_automatically' CHECK (collection_method IN ('charge_automatically', 'send_invoice')),
			days_until_due integer CHECK (days_until_due BETWEEN 1 AND 365),
			po_number text CHECK (char_length(po_number) <= 100),
			tax_id text CHECK (char_length(tax_id) <= 100),
			tax_exempt text NOT NULL DEFAULT 'none' CHECK (tax_exempt IN ('none', 'exempt', 'reverse')),
			auto_add_seats boolean NOT NULL DEFAULT false,
			contacts jsonb NOT NULL DEFAULT '[]'::jsonb,
			read_only_since timestamptz,
			latest_invoice_id text,
			latest_invoice_status text,
			latest_invoice_failed_at timestamptz,
			synced_at timestamptz,
			updated_at timestamptz NOT NULL DEFAULT now()
		)`);
	await enableTenantRls(queryInterface, "billing_accounts");
	await q(`
		CREATE TABLE IF NOT EXISTS billing_stripe_events (
			event_id text PRIMARY KEY,
			type text NOT NULL,
			received_at timestamptz NOT NULL DEFAULT now()
		)`);
	await q(`
		CREATE TABLE IF NOT EXISTS billing_mails_sent (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			mail_key text NOT NULL,
			sent_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (tenant_id, mail_key)
		)`);
	await enableTenantRls(queryInterface, "billing_mails_sent");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await disableTenantRls(queryInterface, "billing_mails_sent");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS billing_mails_sent");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS billing_stripe_events");
	await disableTenantRls(queryInterface, "billing_accounts");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS billing_accounts");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS billing_switched_on");
};
