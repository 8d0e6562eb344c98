import type { PrivacyRequest, PrivacyRequestCreate } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { rolesAllow } from "../../../access/permissions";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { auditedBy, recordAudit } from "../../audit";
import { pipelineFor } from "../pipeline/pipelines";
import { RESPONSE_DAYS } from "../privacy-names";
import type { PrivacyDeps } from "../privacy-deps";
import { enqueueRun } from "./enqueue-run";
import { loadRequest, loadSteps, toPrivacyRequest } from "./request-row";
import { resolveSubject } from "./resolve-subject";

/**
 * Records a data request the school received (an admin, for any of the school's data) or a staff member's request
 * about their own account, with how the requester's identity was checked and the due date (30 days). Kinds with a
 * pipeline (export, restriction of a student) start at once, through the outbox; the others wait for the school.
 */
export async function createPrivacyRequest(deps: PrivacyDeps, caller: UserCaller, input: PrivacyRequestCreate): Promise<PrivacyRequest> {
	const db = deps.infra.db;
	const manager = rolesAllow(caller.actor.roles, "privacy:manage");
	const ownAccount = input.subject.kind === "staff" && input.subject.userId === caller.actor.userId;
	if (!manager && !(ownAccount && caller.actor.roles.some((role) => role === "teacher" || role === "tenant_admin"))) {
		throw new AppError("forbidden", "Only a school admin records data requests; staff members may ask about their own account.");
	}
	if (input.kind === "restriction" && input.subject.kind !== "student") {
		throw new AppError("bad_request", "Restriction applies to a student: it stops recording their progress.");
	}
	return withTenant(db, caller.tenantId, async (transaction) => {
		const subject = await resolveSubject(db, transaction, caller.tenantId, input.subject);
		const [created] = await db.query<{ id: string }>(
			`INSERT INTO privacy_requests (tenant_id, kind, subject_kind, subject_user_id, subject_roblox_user_id, source, requested_by_user_id,
				identity_check_method, identity_check_note, identity_checked_by_user_id, identity_checked_at, due_at)
			 VALUES ($1, $2, $3, $4, $5, 'school', $6, $7, $8, $6, now(), now() + make_interval(days => $9)) RETURNING id`,
			{
				bind: [
					caller.tenantId,
					input.kind,
					subject.kind,
					subject.userId,
					subject.robloxUserId,
					caller.actor.userId,
					input.identityCheck.method,
					input.identityCheck.note ?? null,
					RESPONSE_DAYS,
				],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const id = (created as { id: string }).id;
		const pipeline = pipelineFor(input.kind, subject.kind);
		if (pipeline !== undefined) {
			for (const [position, step] of pipeline.entries()) {
				await db.query("INSERT INTO privacy_request_steps (tenant_id, request_id, position, name) VALUES ($1, $2, $3, $4)", {
					bind: [caller.tenantId, id, position, step.name],
					transaction,
				});
			}
			await enqueueRun(deps, { tenantId: caller.tenantId, requestId: id }, "1", transaction);
		}
		await recordAudit(
			db,
			{
				action: "privacy.request_created",
				...auditedBy(caller),
				targetType: "privacy_request",
				targetId: id,
				details: { kind: input.kind, subjectKind: subject.kind, identityCheck: input.identityCheck.method, ...(subject.userId === null ? {} : { userId: subject.userId }) },
			},
			{ transaction },
		);
		const row = await loadRequest(db, transaction, id);
		if (row === undefined) throw new Error("privacy request vanished after insert");
		return toPrivacyRequest(row, await loadSteps(db, transaction, [id]));
	});
}
