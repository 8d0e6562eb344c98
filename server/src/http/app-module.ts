import type { RequestHandler } from "express";
import type { Logger } from "pino";
import type { Config } from "../config/config";
import type { Infrastructure, JobDefinition } from "../infrastructure.types";
import type { Lifecycle } from "./lifecycle";
import type { AnyRouteDefinition } from "./route";

/** What every domain module's routes may use; app.ts builds it once. */
export interface AppDependencies {
	readonly config: Config;
	readonly logger: Logger;
	readonly infra: Infrastructure;
	readonly lifecycle: Lifecycle;
}

/**
 * A domain module as app.ts sees it: a name and its operations. Each module folder has the same shape:
 * routes.ts exports the module, one file per service operation beside it.
 */
export interface AppModule {
	readonly name: string;
	routes(dependencies: AppDependencies): ReadonlyArray<AnyRouteDefinition>;
	/** The module's background jobs; createApp defines them on the queue, main.ts then starts the workers. */
	// biome-ignore lint/suspicious/noExplicitAny: one list holds jobs of different payload types, and P is both returned by parse and taken by handle, so no other type fits them all.
	jobs?(dependencies: AppDependencies): ReadonlyArray<JobDefinition<any>>;
	/**
	 * Plain Express handling that is not a JSON operation (the dashboard's web pages and files). Mounted after
	 * every module's operations and the docs, so API paths take precedence, and before the JSON 404.
	 */
	handler?(dependencies: AppDependencies): RequestHandler;
	/**
	 * Background work of a running service (schedules, e.g. resuming deployments whose runner died): it runs where the
	 * jobs run (ROLE=worker, or the all-in-one default), once the queue's workers run; the returned function stops it
	 * at shutdown. Tests call it when they need it.
	 */
	start?(dependencies: AppDependencies): () => void;
	/** Called in a process serving HTTP when it shuts down, before the in-flight requests drain (e.g. end open streams). */
	beforeDrain?(dependencies: AppDependencies): void;
}
