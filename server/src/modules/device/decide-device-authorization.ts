import type { DeviceDecision, DeviceDecisionRequest } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { auditedBy, recordAudit } from "../audit";
import type { DeviceAuthorizationRow, DeviceFlowDeps } from "./device-flow";
import { ROW_COLUMNS } from "./device-flow";
import { findLiveByUserCode, notFound } from "./get-device-authorization";
import { normaliseUserCode } from "./user-code";

/**
 * A teacher approves or denies a pending code. The claim (status, tenant, user) is one conditional UPDATE in the
 * teacher's tenant: row-level security only lets it touch an unclaimed row and write this tenant into it, and
 * `status = 'pending'` makes a second decision (or a race of two) find nothing to change.
 */
export async function decideDeviceAuthorization(deps: DeviceFlowDeps, caller: UserCaller, input: DeviceDecisionRequest): Promise<DeviceDecision> {
	const db = deps.infra.db;
	const userCode = normaliseUserCode(input.userCode);
	if (userCode === undefined) throw notFound();
	const now = deps.clock.now();
	const status = input.decision === "approve" ? "approved" : "denied";
	const decided = await withTenant(db, caller.tenantId, async (transaction) => {
		const [row] = await db.query<DeviceAuthorizationRow>(
			`UPDATE device_authorizations SET status = $2, tenant_id = $3, user_id = $4, decided_at = $5
			 WHERE user_code = $1 AND status = 'pending' AND tenant_id IS NULL AND expires_at > $5
			 RETURNING ${ROW_COLUMNS}`,
			{ bind: [userCode, status, caller.tenantId, caller.actor.userId, now], type: QueryTypes.SELECT, transaction },
		);
		if (row === undefined) return undefined;
		await recordAudit(
			db,
			{
				action: status === "approved" ? "device.approved" : "device.denied",
				...auditedBy(caller),
				targetType: "device_authorization",
				targetId: row.id,
				details: { clientId: row.client_id },
			},
			{ transaction },
		);
		return row;
	});
	if (decided === undefined) {
		// Nothing pending: unknown/expired/another school's (404), or this school already decided it (409).
		const existing = await findLiveByUserCode(deps, caller.tenantId, input.userCode);
		throw new AppError("conflict", `This code was already ${existing.status === "denied" ? "denied" : "approved"}.`);
	}
	const answer: DeviceDecision = { status };
	if (decided.device_name !== null) answer.deviceName = decided.device_name;
	return answer;
}
