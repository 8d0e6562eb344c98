import type { Logger } from "pino";
import type { Infrastructure, JobQueue } from "../../infrastructure.types";

/**
 * What progress operations that ask for aggregation use: the database, and the queue the school's aggregation job
 * goes to (with a logger for an enqueue that fails: the events are stored either way). AppDependencies is one.
 */
export interface ProgressDeps {
	readonly infra: Pick<Infrastructure, "db"> & { readonly queue: Pick<JobQueue, "enqueue"> };
	readonly logger: Logger;
}
