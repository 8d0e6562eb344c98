import type { PrivacyRequest } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { auditedBy, recordAudit } from "../../audit";
import { queueMail } from "../../mail";
import { EXTENSION_MONTHS } from "../privacy-names";
import type { PrivacyDeps } from "../privacy-deps";
import { loadRequest, loadSteps, toPrivacyRequest } from "./request-row";

/**
 * Uses the one extension GDPR allows (two more months) for a request still open, and tells the requester why in
 * the same transaction (a mail to the admin who recorded it, or to the address of someone outside the school).
 */
export async function extendPrivacyRequest(deps: PrivacyDeps, caller: UserCaller, input: { readonly requestId: string; readonly reason: string }): Promise<PrivacyRequest> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await loadRequest(db, transaction, input.requestId);
		if (row === undefined) throw new AppError("not_found", "No such data request.");
		if (row.extended_until !== null) throw new AppError("conflict", "This request was already extended: the law allows one extension.");
		if (row.status === "completed" || row.status === "routed") throw new AppError("conflict", "Only an open request can be extended.");
		const [updated] = await db.query<{ email: string | null; school: string; until: string }>(
			`UPDATE privacy_requests r SET extended_until = r.due_at + make_interval(months => $2), extension_reason = $3, extended_by_user_id = $4, updated_at = now()
			 FROM tenants t WHERE r.id = $1 AND t.id = r.tenant_id
			 RETURNING coalesce(r.requester_email, (SELECT u.email FROM users u WHERE u.id = r.requested_by_user_id)) AS email, t.name AS school,
				to_char(r.extended_until AT TIME ZONE 'UTC', 'FMDD FMMonth YYYY') AS until`,
			{ bind: [row.id, EXTENSION_MONTHS, input.reason.trim(), caller.actor.userId], type: QueryTypes.SELECT, transaction },
		);
		if (updated?.email !== null && updated?.email !== undefined) {
			await queueMail(
				deps,
				{
					tenantId: caller.tenantId,
					to: updated.email,
					template: "privacy-request-extended",
					data: { schoolName: updated.school, extendedUntil: updated.until, reason: input.reason.trim() },
					idempotencyKey: `privacy-extended:${row.id}`,
				},
				{ transaction },
			);
		}
		await recordAudit(
			db,
			{ action: "privacy.request_extended", ...auditedBy(caller), targetType: "privacy_request", targetId: row.id, details: { kind: row.kind, months: EXTENSION_MONTHS } },
			{ transaction },
		);
		const fresh = await loadRequest(db, transaction, row.id);
		if (fresh === undefined) throw new Error("privacy request vanished after update");
		return toPrivacyRequest(fresh, await loadSteps(db, transaction, [row.id]));
	});
}
