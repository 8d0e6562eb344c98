import type { Logger } from "pino";
import type { Sequelize } from "sequelize";
import type { JobQueue } from "../infrastructure.types";
import { BullJobQueue } from "./bullmq-queue";
import { createDeadLetterSink } from "./dead-letters";
import { InProcessJobQueue } from "./in-process-queue";

export interface CreateQueueOptions {
	readonly db: Sequelize;
	readonly logger: Logger;
	/** Set = BullMQ on Redis; unset = the in-process runner. */
	readonly redisUrl?: string;
	readonly prefix?: string;
	readonly concurrency?: number;
}

export function createJobQueue(options: CreateQueueOptions): JobQueue {
	const logger = options.logger.child({ component: "jobs" });
	const deadLetters = createDeadLetterSink(options.db, logger);
	if (options.redisUrl === undefined) return new InProcessJobQueue({ deadLetters, logger, concurrency: options.concurrency });
	return new BullJobQueue({
		redisUrl: options.redisUrl,
		deadLetters,
		logger,
		prefix: options.prefix,
		concurrency: options.concurrency,
	});
}
