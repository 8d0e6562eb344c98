import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Data-subject requests and what the school decided about its students' data.
 * `privacy_requests`: one row per request (access/export, rectification, erasure, restriction) about a student, a
 * staff member or the whole school: who asked, how their identity was checked, the statutory due date and its one
 * extension, the status, the archive an export produced and the proof report once done. A request about a
 * student that reached us from outside the school is kept with status `routed` and never acted on.
 * `privacy_request_steps`: the ordered steps of a request's pipeline, each with its own status and outcome, so a
 * runner that stopped half-way resumes at the first step not done.
 * `privacy_processing_restrictions`: students whose progress is not recorded (the data stays, nothing new is added).
 * `privacy_consent_attestations`: append-only, each school admin's attestation that the school authorises the
 * processing on behalf of parents, with the notice version and a hash of the exact text shown.
 * Subjects are kept by id and, for students, Roblox UserId: never a name or an email, so the row survives an erasure
 * of the person as a pseudonymous record.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS privacy_requests (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			kind text NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction')),
			subject_kind text NOT NULL CHECK (subject_kind IN ('student', 'staff', 'school')),
			subject_user_id uuid,
			subject_roblox_user_id bigint,
			source text NOT NULL CHECK (source IN ('school', 'outside')),
			requested_by_user_id uuid,
			requester_email text CHECK (char_length(requester_email) <= 320),
			identity_check_method text CHECK (identity_check_method IN ('school_records', 'signed_in_account', 'in_person', 'document', 'other')),
			identity_check_note text CHECK (char_length(identity_check_note) <= 500),
			identity_checked_by_user_id uuid,
			identity_checked_at timestamptz,
			status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_progress', 'completed', 'failed', 'routed')),
			received_at timestamptz NOT NULL DEFAULT now(),
			due_at timestamptz NOT NULL,
			extended_until timestamptz,
			extension_reason text CHECK (char_length(extension_reason) <= 500),
			extended_by_user_id uuid,
			archive_path text CHECK (char_length(archive_path) <= 1024),
			archive_bytes bigint,
			archive_expires_at timestamptz,
			proof jsonb,
			completed_at timestamptz,
			updated_at timestamptz NOT NULL DEFAULT now(),
			CHECK (subject_kind = 'school' OR subject_user_id IS NOT NULL OR subject_roblox_user_id IS NOT NULL),
			CHECK (extended_until IS NULL OR extended_until > due_at)
		)`);
	await q("CREATE INDEX IF NOT EXISTS privacy_requests_tenant_page_idx ON privacy_requests (tenant_id, received_at DESC, id DESC)");
	await enableTenantRls(queryInterface, "privacy_requests");
	await q(`
		CREATE TABLE IF NOT EXISTS privacy_request_steps (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			request_id uuid NOT NULL REFERENCES privacy_requests (id) ON DELETE CASCADE,
			position integer NOT NULL CHECK (position >= 0),
			name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
			status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
			attempts integer NOT NULL DEFAULT 0,
			outcome jsonb,
			error text CHECK (char_length(error) <= 1000),
			started_at timestamptz,
			finished_at timestamptz,
			PRIMARY KEY (request_id, position),
			UNIQUE (request_id, name)
		)`);
	await enableTenantRls(queryInterface, "privacy_request_steps");
	await q(`
		CREATE TABLE IF NOT EXISTS privacy_processing_restrictions (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			request_id uuid REFERENCES privacy_requests (id) ON DELETE SET NULL,
			restricted_by_user_id uuid,
			restricted_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (tenant_id, user_id)
		)`);
	await enableTenantRls(queryInterface, "privacy_processing_restrictions");
	await q(`
		CREATE TABLE IF NOT EXISTS privacy_consent_attestations (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			basis text NOT NULL CHECK (basis IN ('coppa_school_authorization')),
			attested_by_user_id uuid NOT NULL,
			attester_role text NOT NULL CHECK (char_length(attester_role) BETWEEN 1 AND 64),
			notice_version text NOT NULL CHECK (char_length(notice_version) BETWEEN 1 AND 40),
			text_sha256 text NOT NULL CHECK (char_length(text_sha256) = 64),
			attested_at timestamptz NOT NULL DEFAULT now()
		)`);
	await q("CREATE INDEX IF NOT EXISTS privacy_consent_attestations_tenant_idx ON privacy_consent_attestations (tenant_id, attested_at DESC, id DESC)");
	await enableTenantRls(queryInterface, "privacy_consent_attestations");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	for (const table of ["privacy_consent_attestations", "privacy_processing_restrictions", "privacy_request_steps", "privacy_requests"]) {
		await disableTenantRls(queryInterface, table);
		await queryInterface.sequelize.query(`DROP TABLE IF EXISTS ${table}`);
	}
};
