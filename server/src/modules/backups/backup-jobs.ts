import { z } from "zod";
import type { AppDependencies } from "../../http/app-module";
import type { JobDefinition } from "../../infrastructure.types";
import { PermanentJobError } from "../../jobs/errors";
import { payloadParser } from "../../jobs/payload";
import { serviceBackupDeps } from "./service-backup-deps";
import { takeBackup } from "./take-backup";
import { noteTrigger } from "./trigger-requests";
import { scratchFor, verifyNewestBackup } from "./verify-backup";

export const TAKE_BACKUP_JOB = "backup.take";
export const VERIFY_BACKUP_JOB = "backup.verify";

const takeSchema = z.object({ trigger: z.enum(["command", "schedule"]), requestId: z.string().max(64).optional() });
type TakePayload = z.infer<typeof takeSchema>;

/** Takes a backup; then queues the check that the newest one restores (once per backup, by key). */
export function takeBackupJob(deps: AppDependencies): JobDefinition<TakePayload> {
	return {
		name: TAKE_BACKUP_JOB,
		version: 1,
		parse: payloadParser(TAKE_BACKUP_JOB, takeSchema),
		attempts: 2,
		backoffMs: 5 * 60_000,
		async handle(payload, { logger }) {
			const backup = serviceBackupDeps({ ...deps, logger });
			if (backup === undefined) throw new PermanentJobError("Backups are not configured (BACKUP_KEY is not set)");
			try {
				const manifest = await takeBackup(backup, { trigger: payload.trigger });
				if (payload.requestId !== undefined) noteTrigger(payload.requestId, { state: "done", manifest });
				await deps.infra.queue.enqueue(VERIFY_BACKUP_JOB, {}, { idempotencyKey: `after-${manifest.id}` });
			} catch (error) {
				if (payload.requestId !== undefined) noteTrigger(payload.requestId, { state: "failed", error: error instanceof Error ? error.message : String(error) });
				throw error;
			}
		},
	};
}

/** Restores the newest backup into a scratch database and records the result beside it; a failure dead-letters. */
export function verifyBackupJob(deps: AppDependencies): JobDefinition<Record<string, never>> {
	return {
		name: VERIFY_BACKUP_JOB,
		version: 1,
		parse: payloadParser(VERIFY_BACKUP_JOB, z.object({}).strict()),
		attempts: 1,
		async handle(_payload, { logger }) {
			const backup = serviceBackupDeps({ ...deps, logger });
			if (backup === undefined) throw new PermanentJobError("Backups are not configured (BACKUP_KEY is not set)");
			const outcome = await verifyNewestBackup({ ...backup, scratch: scratchFor(backup.source) });
			if (!outcome.verification.ok) throw new PermanentJobError(`The newest backup (${outcome.backupId ?? "none"}) does not restore: ${outcome.verification.error}`);
		},
	};
}
