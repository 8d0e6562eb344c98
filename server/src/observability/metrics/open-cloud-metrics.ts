import { counter, histogram, METRIC_PREFIX } from "./registry";

const calls = counter(
	`${METRIC_PREFIX}open_cloud_requests_total`,
	"Requests sent to Roblox Open Cloud, by operation and answer (an HTTP status, or timeout/network when none came).",
	["operation", "status"],
);
const limiterWait = histogram(
	`${METRIC_PREFIX}open_cloud_limiter_wait_seconds`,
	"Time a request waited for its Open Cloud rate-limit budget before it was sent, by endpoint group.",
	["group"],
	[0, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
);

export function countOpenCloudRequest(operation: string, status: number | string): void {
	calls.inc({ operation, status: String(status) });
}

export function observeOpenCloudLimiterWait(group: string, seconds: number): void {
	limiterWait.observe({ group }, seconds);
}
