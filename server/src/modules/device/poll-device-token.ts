import type { TokenResponse } from "@toolboxai/shared";
import { QueryTypes, type Transaction } from "sequelize";
import { withSystem } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { rolesAllow } from "../../access/permissions";
import { issueSession, listMembershipsOfUser } from "../auth";
import { hashDeviceCode } from "./device-code";
import { type DeviceAuthorizationRow, type DeviceFlowDeps, POLL_LEEWAY_MS, ROW_COLUMNS, SLOW_DOWN_STEP_SECONDS } from "./device-flow";

type Outcome =
	| { readonly kind: "tokens"; readonly tokens: TokenResponse }
	| { readonly kind: "pending" }
	| { readonly kind: "slow_down"; readonly interval: number }
	| { readonly kind: "expired" }
	| { readonly kind: "denied" };

/**
 * The token endpoint of RFC 8628 §3.4–3.5. The plugin knows no tenant, so the row is found by its device-code
 * hash as the system role, locked for the poll so two concurrent polls cannot both collect the tokens.
 * Pending polls are answered after the poll time (and a grown interval) is committed, hence the outcome first.
 */
export async function pollDeviceToken(deps: DeviceFlowDeps, input: { readonly deviceCode: string }): Promise<TokenResponse> {
	const db = deps.infra.db;
	const now = deps.clock.now();
	const outcome = await withSystem(db, async (transaction): Promise<Outcome> => {
		const [row] = await db.query<DeviceAuthorizationRow>(`SELECT ${ROW_COLUMNS} FROM device_authorizations WHERE device_code_hash = $1 FOR UPDATE`, {
			bind: [hashDeviceCode(input.deviceCode)],
			type: QueryTypes.SELECT,
			transaction,
		});
		// Unknown codes answer like used ones: either way the device must start again, and a guesser learns nothing.
		if (row === undefined || row.status === "consumed") return { kind: "expired" };
		if (new Date(row.expires_at).getTime() <= now.getTime()) return { kind: "expired" };
		if (row.status === "denied") return { kind: "denied" };
		if (row.status === "approved") return collect(deps, row, now, transaction);

		const tooSoon = row.last_polled_at !== null && now.getTime() - new Date(row.last_polled_at).getTime() < row.interval_seconds * 1000 - POLL_LEEWAY_MS;
		const interval = tooSoon ? row.interval_seconds + SLOW_DOWN_STEP_SECONDS : row.interval_seconds;
		await db.query("UPDATE device_authorizations SET last_polled_at = $2, interval_seconds = $3 WHERE id = $1", {
			bind: [row.id, now, interval],
			transaction,
		});
		return tooSoon ? { kind: "slow_down", interval } : { kind: "pending" };
	});

	switch (outcome.kind) {
		case "tokens":
			return outcome.tokens;
		case "pending":
			throw new AppError("authorization_pending", "Waiting for a teacher to approve this code on the ToolBoxAI dashboard.");
		case "slow_down":
			throw new AppError("slow_down", `Polling too fast: wait ${outcome.interval} seconds between polls.`, { interval: outcome.interval });
		case "expired":
			throw new AppError("expired_token", "This sign-in code has expired or was already used. Start signing in again.");
		case "denied":
			throw new AppError("access_denied", "A teacher denied this sign-in request.");
	}
}

/** Approved: hand out the approver's session once. The row is consumed in the same transaction as the session. */
async function collect(deps: DeviceFlowDeps, row: DeviceAuthorizationRow, now: Date, transaction: Transaction): Promise<Outcome> {
	const userId = row.user_id as string;
	const tenantId = row.tenant_id as string;
	const db = deps.infra.db;
	await db.query("UPDATE device_authorizations SET status = 'consumed', last_polled_at = $2 WHERE id = $1", { bind: [row.id, now], transaction });
	// Roles as they are now, not as they were at approval: someone removed from the school in between gets nothing.
	const membership = (await listMembershipsOfUser(db, userId, { transaction })).find((m) => m.tenant.id === tenantId);
	if (membership === undefined || !rolesAllow(membership.roles, "device:approve")) return { kind: "denied" };
	return {
		kind: "tokens",
		tokens: await issueSession(deps, {
			userId,
			tenantId,
			roles: membership.roles,
			transaction,
			client: { kind: "studio", ...(row.device_name === null ? {} : { label: row.device_name }) },
		}),
	};
}
