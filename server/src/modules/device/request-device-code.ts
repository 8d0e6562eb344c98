import type { DeviceCodeRequest, DeviceCodeResponse } from "@toolboxai/shared";
import { withSystem } from "../../db/tenant-scope";
import { generateDeviceCode, hashDeviceCode } from "./device-code";
import { DEVICE_CODE_TTL_SECONDS, type DeviceFlowDeps, INITIAL_INTERVAL_SECONDS, KEEP_EXPIRED_MS } from "./device-flow";
import { formatUserCode, generateUserCode } from "./user-code";

/** Codes are random; a clash with a live code is astronomically rare, but possible, so draw again. */
const MAX_DRAWS = 5;

/**
 * Starts a device sign-in: stores a pending, tenantless authorization (the device code only as its hash) and
 * answers what the plugin shows and polls with. Tenantless, so written as the system role.
 */
export async function requestDeviceCode(deps: DeviceFlowDeps, input: DeviceCodeRequest): Promise<DeviceCodeResponse> {
	const db = deps.infra.db;
	const now = deps.clock.now();
	const expiresAt = new Date(now.getTime() + DEVICE_CODE_TTL_SECONDS * 1000);
	return withSystem(db, async (transaction) => {
		// Sweep long-dead rows as we go, so the table stays the size of the live traffic.
		await db.query("DELETE FROM device_authorizations WHERE expires_at < $1", {
			bind: [new Date(now.getTime() - KEEP_EXPIRED_MS)],
			transaction,
		});
		for (let draw = 0; draw < MAX_DRAWS; draw++) {
			const deviceCode = generateDeviceCode();
			const userCode = generateUserCode();
			const [rows] = await db.query(
				`INSERT INTO device_authorizations (device_code_hash, user_code, client_id, device_name, interval_seconds, expires_at, created_at)
				 VALUES ($1, $2, $3, $4, $5, $6, $7)
				 ON CONFLICT DO NOTHING
				 RETURNING id`,
				{
					bind: [hashDeviceCode(deviceCode), userCode, input.clientId, input.deviceName ?? null, INITIAL_INTERVAL_SECONDS, expiresAt, now],
					transaction,
				},
			);
			if ((rows as unknown[]).length === 0) continue;
			const shown = formatUserCode(userCode);
			const verificationUri = `${deps.config.publicUrl}/device`;
			return {
				deviceCode,
				userCode: shown,
				verificationUri,
				verificationUriComplete: `${verificationUri}?code=${shown}`,
				interval: INITIAL_INTERVAL_SECONDS,
				expiresIn: DEVICE_CODE_TTL_SECONDS,
			};
		}
		throw new Error(`no free user code after ${MAX_DRAWS} draws`);
	});
}
