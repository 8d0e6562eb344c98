import type { AppDependencies } from "../../http/app-module";
import type { Clock } from "./clock";

/** How long a code lives, and the poll interval a device starts with (RFC 8628 §3.2 suggests 5 s). */
export const DEVICE_CODE_TTL_SECONDS = 600;
export const INITIAL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: every slow_down adds 5 s to the interval the device must keep. */
export const SLOW_DOWN_STEP_SECONDS = 5;
/**
 * A poll counts as too fast when it comes this much sooner than the interval: a client that waits exactly the
 * interval still arrives a little early or late (timers, network), and must not be told to slow down for that.
 */
export const POLL_LEEWAY_MS = 500;
/** Decided or expired rows are kept this long (for "already approved" answers), then swept. */
export const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

/** What the device flow's operations use: the app's config and infrastructure, and the flow's clock. */
export interface DeviceFlowDeps extends Pick<AppDependencies, "config" | "infra"> {
	readonly clock: Clock;
}

export type DeviceStatus = "pending" | "approved" | "denied" | "consumed";

/** One row of device_authorizations as the operations read it. */
export interface DeviceAuthorizationRow {
	readonly id: string;
	readonly user_code: string;
	readonly client_id: string;
	readonly device_name: string | null;
	readonly status: DeviceStatus;
	readonly tenant_id: string | null;
	readonly user_id: string | null;
	readonly interval_seconds: number;
	readonly last_polled_at: Date | null;
	readonly expires_at: Date;
}

export const ROW_COLUMNS = "id, user_code, client_id, device_name, status, tenant_id, user_id, interval_seconds, last_polled_at, expires_at";
