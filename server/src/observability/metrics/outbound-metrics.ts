import { counter, gauge, METRIC_PREFIX } from "./registry";

/**
 * Families for the mail, realtime and backup code to report through (they are defined here so the dashboard and the
 * alert rules can rely on the names): call these from the sender and the backup job.
 */
const sends = counter(`${METRIC_PREFIX}outbound_sends_total`, "Messages handed to an outside service, by channel (mail, realtime) and outcome (sent, failed).", [
	"channel",
	"outcome",
]);
const lastBackup = gauge(`${METRIC_PREFIX}backup_last_success_timestamp_seconds`, "When the newest backup that completed was taken (Unix seconds).", []);

export type OutboundChannel = "mail" | "realtime";

export function countOutboundSend(channel: OutboundChannel, outcome: "sent" | "failed"): void {
	sends.inc({ channel, outcome });
}

export function recordBackupSucceeded(takenAt: Date): void {
	lastBackup.set(takenAt.getTime() / 1000);
}
