import { counter, gauge, histogram, METRIC_PREFIX, secondsSince } from "./registry";

// `job_name`, not `job`: Prometheus gives every scraped series a `job` label of its own (the scrape job).
const queued = counter(`${METRIC_PREFIX}jobs_queued_total`, "Jobs enqueued (an enqueue that an idempotency key dedupes counts too), by job name.", ["job_name"]);
const active = gauge(`${METRIC_PREFIX}jobs_active`, "Job attempts running in this process now, by job name.", ["job_name"]);
const finished = counter(
	`${METRIC_PREFIX}jobs_finished_total`,
	"Job attempts finished, by job name and outcome: completed, failed (will retry) or dead_lettered (failed for good).",
	["job_name", "outcome"],
);
const waited = histogram(`${METRIC_PREFIX}job_wait_seconds`, "Time a job waited from when it was due (enqueued, plus any delay) until its first attempt started, by job name.", [
	"job_name",
]);
const ran = histogram(`${METRIC_PREFIX}job_run_seconds`, "Time one job attempt ran, by job name.", ["job_name"]);

export type JobAttemptOutcome = "completed" | "failed" | "dead_lettered";

export function countJobQueued(job: string): void {
	queued.inc({ job_name: job });
}

/**
 * Marks an attempt as running; call the returned function once with its outcome. `dueAt` (epoch ms), given for a first
 * attempt, is when the job could first run: its enqueue time plus any delay.
 */
export function jobAttemptStarted(job: string, dueAt?: number): (outcome: JobAttemptOutcome) => void {
	if (dueAt !== undefined) waited.observe({ job_name: job }, secondsSince(dueAt, Date.now()));
	active.inc({ job_name: job });
	const started = performance.now();
	return (outcome) => {
		active.dec({ job_name: job });
		ran.observe({ job_name: job }, secondsSince(started));
		finished.inc({ job_name: job, outcome });
	};
}
