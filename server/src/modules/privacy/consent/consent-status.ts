import type { ConsentAttestation } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { auditedBy, recordAudit } from "../../audit";
import type { PrivacyDeps } from "../privacy-deps";
import { CONSENT_NOTICE_VERSION, CONSENT_TEXT, CONSENT_TEXT_SHA256 } from "./consent-text";

interface AttestationRow {
	readonly id: string;
	readonly basis: "coppa_school_authorization";
	readonly attested_by: string | null;
	readonly attester_role: string;
	readonly notice_version: string;
	readonly text_sha256: string;
	readonly attested_at: string;
}

const COLUMNS = `a.id, a.basis, a.attester_role, a.notice_version, a.text_sha256,
	to_char(a.attested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS attested_at,
	(SELECT u.display_name FROM users u JOIN memberships m ON m.user_id = u.id AND m.tenant_id = a.tenant_id WHERE u.id = a.attested_by_user_id LIMIT 1) AS attested_by`;

function toAttestation(row: AttestationRow): ConsentAttestation {
	return {
		id: row.id,
		basis: row.basis,
		attestedBy: row.attested_by ?? "a former member",
		attesterRole: row.attester_role,
		noticeVersion: row.notice_version,
		textSha256: row.text_sha256,
		attestedAt: row.attested_at,
	};
}

/** The current authorisation text, the newest attestation and whether it covers this text, and the history. */
export async function getConsentStatus(deps: Pick<PrivacyDeps, "infra">, caller: UserCaller) {
	const db = deps.infra.db;
	const rows = await withTenant(db, caller.tenantId, (transaction) =>
		db.query<AttestationRow>(`SELECT ${COLUMNS} FROM privacy_consent_attestations a WHERE a.tenant_id = $1 ORDER BY a.attested_at DESC, a.id DESC LIMIT 100`, {
			bind: [caller.tenantId],
			type: QueryTypes.SELECT,
			transaction,
		}),
	);
	const history = rows.map(toAttestation);
	const current = history[0];
	return {
		noticeVersion: CONSENT_NOTICE_VERSION,
		text: CONSENT_TEXT,
		...(current === undefined ? {} : { current }),
		upToDate: current !== undefined && current.noticeVersion === CONSENT_NOTICE_VERSION && current.textSha256 === CONSENT_TEXT_SHA256,
		history,
	};
}

/** Records that this admin gave the school's authorisation for the current text (who, when, which version). */
export async function attestConsent(deps: Pick<PrivacyDeps, "infra">, caller: UserCaller, input: { readonly noticeVersion: string }) {
	if (input.noticeVersion !== CONSENT_NOTICE_VERSION) {
		throw new AppError("conflict", `The authorisation text has changed (now version ${CONSENT_NOTICE_VERSION}): read it again before confirming.`);
	}
	const db = deps.infra.db;
	await withTenant(db, caller.tenantId, async (transaction) => {
		const role = caller.actor.roles.includes("tenant_admin") ? "tenant_admin" : (caller.actor.roles[0] ?? "member");
		const [row] = await db.query<{ id: string }>(
			`INSERT INTO privacy_consent_attestations (tenant_id, basis, attested_by_user_id, attester_role, notice_version, text_sha256)
			 VALUES ($1, 'coppa_school_authorization', $2, $3, $4, $5) RETURNING id`,
			{ bind: [caller.tenantId, caller.actor.userId, role, CONSENT_NOTICE_VERSION, CONSENT_TEXT_SHA256], type: QueryTypes.SELECT, transaction },
		);
		await recordAudit(
			db,
			{
				action: "privacy.consent_attested",
				...auditedBy(caller),
				targetType: "consent_attestation",
				targetId: (row as { id: string }).id,
				details: { noticeVersion: CONSENT_NOTICE_VERSION },
			},
			{ transaction },
		);
	});
	return getConsentStatus(deps, caller);
}
