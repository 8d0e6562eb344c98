/**
 * What a process that runs jobs starts: the queue's workers, every module's schedules and the outbox sweeper. The
 * worker role and the all-in-one default run it; the web role never does (its jobs go to Redis for the workers).
 */
import { DEFAULT_MODULES } from "./app";
import type { AppDependencies, AppModule } from "./http/app-module";
import { startOutboxSweeper } from "./jobs/outbox-sweeper";

/** Starts the job workers and schedules (every job must be defined by now); returns the functions that stop the schedules. */
export async function startBackgroundWork(deps: AppDependencies, modules: ReadonlyArray<AppModule> = DEFAULT_MODULES): Promise<Array<() => void>> {
	await deps.infra.queue.start();
	const stops = modules.map((module) => module.start?.(deps)).filter((stop) => stop !== undefined);
	// Jobs written to the outbox whose relay a crash cut short (jobs/outbox.ts).
	stops.push(startOutboxSweeper({ db: deps.infra.db, queue: deps.infra.queue, logger: deps.logger.child({ component: "outbox" }) }));
	return stops;
}
