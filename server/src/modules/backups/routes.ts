import type { AppModule } from "../../http/app-module";
import { takeBackupJob, verifyBackupJob } from "./backup-jobs";
import { startBackupSchedule } from "./backup-schedule";
import { backupTriggerHandler } from "./http/trigger-route";

/** Encrypted backups: the daily job and its restore check, and the embedded service's trigger for `npm run backup`. */
export const backupsModule: AppModule = {
	name: "backups",
	routes: () => [],
	jobs: (deps) => [takeBackupJob(deps), verifyBackupJob(deps)],
	handler: (deps) => backupTriggerHandler(deps),
	start: (deps) => startBackupSchedule(deps),
};
