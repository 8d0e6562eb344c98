import type { DeviceAuthorizationSummary } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { type DeviceAuthorizationRow, type DeviceFlowDeps, ROW_COLUMNS } from "./device-flow";
import { formatUserCode, normaliseUserCode } from "./user-code";

/**
 * What the approval page shows for a typed user code. Runs in the teacher's tenant: row-level security shows
 * unclaimed (pending) codes and this tenant's decided ones, so another school's approved code answers 404.
 */
export async function getDeviceAuthorization(deps: DeviceFlowDeps, caller: UserCaller, input: { readonly userCode: string }): Promise<DeviceAuthorizationSummary> {
	const row = await findLiveByUserCode(deps, caller.tenantId, input.userCode);
	return summarise(row);
}

export async function findLiveByUserCode(deps: DeviceFlowDeps, tenantId: string, typedUserCode: string): Promise<DeviceAuthorizationRow> {
	const userCode = normaliseUserCode(typedUserCode);
	if (userCode === undefined) throw notFound();
	const now = deps.clock.now();
	const db = deps.infra.db;
	const row = await withTenant(db, tenantId, async (transaction) => {
		const [found] = await db.query<DeviceAuthorizationRow>(`SELECT ${ROW_COLUMNS} FROM device_authorizations WHERE user_code = $1 AND expires_at > $2`, {
			bind: [userCode, now],
			type: QueryTypes.SELECT,
			transaction,
		});
		return found;
	});
	if (row === undefined) throw notFound();
	return row;
}

export function notFound(): AppError {
	return new AppError("not_found", "No sign-in request has this code, or it has expired. Check the code Studio shows, or start again in Studio.");
}

export function summarise(row: DeviceAuthorizationRow): DeviceAuthorizationSummary {
	const summary: DeviceAuthorizationSummary = {
		userCode: formatUserCode(row.user_code),
		clientId: row.client_id,
		// Collected tokens are still the teacher's approval, as far as the page is concerned.
		status: row.status === "consumed" ? "approved" : row.status,
		expiresAt: new Date(row.expires_at).toISOString(),
	};
	if (row.device_name !== null) summary.deviceName = row.device_name;
	return summary;
}
