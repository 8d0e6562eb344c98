/** What the deployments module's operations and its job use of the app's dependencies (AppDependencies has all of it). */
import type { Logger } from "pino";
import type { Config } from "../../config/config";
import type { Infrastructure } from "../../infrastructure.types";

/** Reading deployments: the rows only. */
export interface DeploymentReadDeps {
	readonly infra: Pick<Infrastructure, "db">;
}

/** Planning: the rows, and the config that opens the environment's sealed key. */
export interface DeploymentPlanDeps {
	readonly config: Config;
	readonly infra: Pick<Infrastructure, "db">;
}

/** Starting a deployment or a rollback: plan, record, queue the job, tell the school's listeners. */
export interface DeploymentDeps {
	readonly config: Config;
	readonly logger: Logger;
	readonly infra: Pick<Infrastructure, "db" | "queue" | "realtime">;
}

/** Running one: the files from storage go to Open Cloud, progress to the school's listeners. */
export interface DeploymentJobDeps {
	readonly config: Config;
	readonly logger: Logger;
	readonly infra: Pick<Infrastructure, "db" | "queue" | "storage" | "realtime" | "openCloudClient">;
}

/** The sweep: every school's unfinished deployments, and the queue it hands them to again. */
export interface DeploymentSweepDeps {
	readonly logger: Logger;
	readonly infra: Pick<Infrastructure, "db" | "queue">;
}
