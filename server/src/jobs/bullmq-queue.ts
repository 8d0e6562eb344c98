/**
 * The production job runner: one BullMQ queue (job name = definition name) and one worker. The worker
 * can run in the web process or in a separate worker process type; both only need REDIS_URL.
 */
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { EnqueueOptions, JobDefinition, JobQueue } from "../infrastructure.types";
import { countJobQueued } from "../observability/metrics";
import { inProducerSpan } from "../observability/tracing";
import type { DeadLetterSink } from "./dead-letters";
import { QueueClosedError } from "./errors";
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_CLOSE_TIMEOUT_MS, DEFAULT_CONCURRENCY, DEFAULT_DEDUPE_WINDOW_MS } from "./defaults";
import { JobRegistry, errorMessage, jobIdFor, type JobEnvelope } from "./registry";
import { runAttempt } from "./run-attempt";
import { waitFor } from "./wait-for";

export interface BullQueueOptions {
	readonly redisUrl: string;
	readonly deadLetters: DeadLetterSink;
	readonly logger: Logger;
	/** Redis key prefix: separates environments (and test runs) sharing one Redis. */
	readonly prefix?: string;
	readonly queueName?: string;
	readonly concurrency?: number;
	/** Finished jobs are kept this long, so their idempotency keys keep deduping. */
	readonly dedupeWindowMs?: number;
}

export const DEFAULT_PREFIX = "toolboxai";
export const DEFAULT_QUEUE_NAME = "jobs";
const PING_TIMEOUT_MS = 2_000;

export class BullJobQueue implements JobQueue {
	readonly driver = "bullmq";
	private readonly registry = new JobRegistry();
	/** Fails fast when Redis is away: an enqueue must error, not hang the request. */
	private readonly connection: Redis;
	private readonly queue: Queue<JobEnvelope>;
	private worker: Worker<JobEnvelope> | undefined;
	private workerConnection: Redis | undefined;
	private readonly running = new Set<Promise<unknown>>();
	private closing: Promise<void> | undefined;

	constructor(private readonly options: BullQueueOptions) {
		this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
		this.connection.on("error", (error) => options.logger.warn({ err: error }, "redis (queue) connection error"));
		this.queue = new Queue<JobEnvelope>(this.queueName, { connection: this.connection, prefix: this.prefix });
		this.queue.on("error", (error) => options.logger.warn({ err: error }, "bullmq queue error"));
	}

	private get prefix(): string {
		return this.options.prefix ?? DEFAULT_PREFIX;
	}

	private get queueName(): string {
		return this.options.queueName ?? DEFAULT_QUEUE_NAME;
	}

	define<P>(definition: JobDefinition<P>): void {
		this.registry.define(definition);
	}

	enqueue<P>(name: string, payload: P, options?: EnqueueOptions): Promise<{ jobId: string }> {
		if (this.closing !== undefined) return Promise.reject(new QueueClosedError());
		return inProducerSpan(name, () => this.add(name, payload, options));
	}

	private async add<P>(name: string, payload: P, options?: EnqueueOptions): Promise<{ jobId: string }> {
		const { definition, envelope } = this.registry.envelope(name, payload);
		const jobId = jobIdFor(name, options);
		const keepSeconds = Math.ceil((options?.dedupeWindowMs ?? this.options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS) / 1000);
		// BullMQ ignores an add whose jobId already exists (waiting, active, delayed, completed or failed).
		await this.queue.add(name, envelope, {
			jobId,
			delay: options?.delayMs,
			attempts: definition.attempts ?? DEFAULT_ATTEMPTS,
			backoff: { type: "exponential", delay: definition.backoffMs ?? DEFAULT_BACKOFF_MS },
			removeOnComplete: { age: keepSeconds },
			// Failed jobs live on as dead-letter rows in Postgres; Redis keeps them only for dedupe, like the in-process driver.
			removeOnFail: { age: keepSeconds },
		});
		countJobQueued(name);
		return { jobId };
	}

	async start(): Promise<void> {
		if (this.worker !== undefined) return;
		// Workers block on Redis; BullMQ requires unlimited retries per request for them.
		this.workerConnection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
		this.workerConnection.on("error", (error) => this.options.logger.warn({ err: error }, "redis (worker) connection error"));
		this.worker = new Worker<JobEnvelope>(this.queueName, (job) => this.track(this.process(job)), {
			connection: this.workerConnection,
			prefix: this.prefix,
			concurrency: this.options.concurrency ?? DEFAULT_CONCURRENCY,
		});
		this.worker.on("error", (error) => this.options.logger.error({ err: error }, "bullmq worker error"));
		await this.worker.waitUntilReady();
	}

	async ping(): Promise<void> {
		const answered = await waitFor(this.connection.ping(), PING_TIMEOUT_MS);
		if (!answered) throw new Error(`Redis did not answer within ${PING_TIMEOUT_MS} ms`);
	}

	close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
		this.closing ??= this.shutdown(timeoutMs);
		return this.closing;
	}

	private async process(job: Job<JobEnvelope>): Promise<void> {
		const outcome = await runAttempt(
			{ registry: this.registry, deadLetters: this.options.deadLetters, logger: this.options.logger },
			{
				name: job.name,
				jobId: job.id ?? "",
				data: job.data,
				attempt: job.attemptsMade + 1,
				attempts: job.opts.attempts ?? 1,
				// Only a first attempt's wait is measured: it is queueing, where a retry's would mostly be its backoff.
				dueAt: job.attemptsMade === 0 ? job.timestamp + (job.opts.delay ?? 0) : undefined,
			},
		);
		if (outcome.kind === "done") return;
		// BullMQ schedules the retry (same backoff formula as the in-process driver); a dead job must not retry.
		if (outcome.kind === "retry") throw outcome.error;
		throw new UnrecoverableError(errorMessage(outcome.error));
	}

	private track<T>(task: Promise<T>): Promise<T> {
		this.running.add(task);
		void task.then(
			() => this.running.delete(task),
			() => this.running.delete(task),
		);
		return task;
	}

	/**
	 * Stop fetching, give running jobs `timeoutMs` to finish, then let go: a job still running loses its
	 * lock, and BullMQ's stalled-job check hands it to another worker.
	 */
	private async shutdown(timeoutMs: number): Promise<void> {
		const { logger } = this.options;
		if (this.worker !== undefined) {
			await this.worker.pause(true);
			const finished = await waitFor(Promise.allSettled([...this.running]), timeoutMs);
			if (!finished) logger.warn({ running: this.running.size, timeoutMs }, "jobs still running at close; released to other workers");
			await this.worker.close(!finished);
		}
		await this.queue.close();
		await quit(this.workerConnection);
		await quit(this.connection);
	}
}

async function quit(connection: Redis | undefined): Promise<void> {
	if (connection === undefined || connection.status === "end") return;
	// A client still (re)connecting would queue QUIT and keep retrying: drop it instead.
	if (connection.status !== "ready") {
		connection.disconnect();
		return;
	}
	try {
		await connection.quit();
	} catch {
		connection.disconnect();
	}
}
