import type { Logger } from "pino";
import { QueryTypes, type Sequelize } from "sequelize";
import { runOutsideTransaction } from "../db/cls";

export interface DeadLetter {
	readonly jobName: string;
	readonly jobId: string;
	readonly payload: unknown;
	readonly error: string;
	readonly attempts: number;
}

export interface DeadLetterSink {
	record(deadLetter: DeadLetter): Promise<void>;
}

/** Writes `job_dead_letters` rows; a failed write is logged with the whole job so nothing is lost silently. */
export function createDeadLetterSink(db: Sequelize, logger: Logger): DeadLetterSink {
	return {
		async record(deadLetter) {
			logger.error({ job: deadLetter.jobName, jobId: deadLetter.jobId, attempts: deadLetter.attempts, error: deadLetter.error }, "job failed for good: dead-lettered");
			try {
				await runOutsideTransaction(() => insertDeadLetter(db, deadLetter));
			} catch (error) {
				logger.error({ err: error, deadLetter }, "could not write the dead-letter row");
			}
		},
	};
}

async function insertDeadLetter(db: Sequelize, deadLetter: DeadLetter): Promise<void> {
	await db.query(
		`INSERT INTO job_dead_letters (job_name, job_id, payload, error, attempts)
		 VALUES (:jobName, :jobId, CAST(:payload AS jsonb), :error, :attempts)`,
		{
			type: QueryTypes.INSERT,
			replacements: { ...deadLetter, payload: JSON.stringify(deadLetter.payload ?? null) },
		},
	);
}
