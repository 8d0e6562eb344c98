import type { AppDependencies } from "../../http/app-module";
import { recordBackupSucceeded } from "../../observability/metrics";
import { newestBackup } from "./backup-catalog";
import { TAKE_BACKUP_JOB } from "./backup-jobs";
import { serviceBackupDeps } from "./service-backup-deps";

const HOUR_MS = 60 * 60 * 1000;

/**
 * With BACKUP_KEY set: hourly, the backup-age gauge is read from the target's newest manifest (so a backup taken by
 * `npm run backup` or another instance counts, and a restarted instance reports at once), and with
 * BACKUP_SCHEDULE=daily the day's backup is queued (one per UTC day across instances, by key). In production a target
 * on this instance's own disk is warned about: it is lost with the instance.
 */
export function startBackupSchedule(deps: AppDependencies): () => void {
	const backup = serviceBackupDeps(deps);
	const settings = deps.config.backup;
	if (backup === undefined || settings === undefined) {
		if (deps.config.nodeEnv === "production") deps.logger.warn("backups are off: set BACKUP_KEY (and BACKUP_SCHEDULE=daily) to take them");
		return () => undefined;
	}
	if (deps.config.nodeEnv === "production" && !backup.target.offInstance) {
		deps.logger.warn(
			{ target: backup.target.description },
			"backups are kept on this instance's own disk and are lost with it: set SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, or BACKUP_DIR to a mounted volume off this instance",
		);
	}
	const tick = () => {
		newestBackup(backup.target)
			.then((newest) => {
				if (newest !== undefined) recordBackupSucceeded(new Date(newest.takenAt));
			})
			.catch((error: unknown) => deps.logger.warn({ err: error }, "could not read the newest backup's manifest"));
		if (settings.schedule !== "daily") return;
		const day = new Date().toISOString().slice(0, 10);
		deps.infra.queue
			.enqueue(TAKE_BACKUP_JOB, { trigger: "schedule" }, { idempotencyKey: `daily-${day}`, dedupeWindowMs: 48 * HOUR_MS })
			.catch((error: unknown) => deps.logger.warn({ err: error }, "the daily backup could not be queued; trying next hour"));
	};
	tick();
	const timer = setInterval(tick, HOUR_MS);
	timer.unref();
	return () => clearInterval(timer);
}
