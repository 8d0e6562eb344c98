/**
 * The embedded job runner: same semantics as the BullMQ driver (validated versioned payloads, idempotency
 * keys, delays, retries with exponential backoff, dead letters, bounded concurrency) without Redis.
 * Jobs live in memory: ones still waiting when the process stops are gone (close() logs how many).
 */
import type { Logger } from "pino";
import type { EnqueueOptions, JobDefinition, JobQueue } from "../infrastructure.types";
import { countJobQueued } from "../observability/metrics";
import { inProducerSpan } from "../observability/tracing";
import type { DeadLetterSink } from "./dead-letters";
import { QueueClosedError } from "./errors";
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_CLOSE_TIMEOUT_MS, DEFAULT_CONCURRENCY, DEFAULT_DEDUPE_WINDOW_MS } from "./defaults";
import { JobRegistry, backoffDelay, jobIdFor, type JobEnvelope } from "./registry";
import { runAttempt } from "./run-attempt";
import { waitFor } from "./wait-for";

export interface InProcessQueueOptions {
	readonly deadLetters: DeadLetterSink;
	readonly logger: Logger;
	readonly concurrency?: number;
	/** How long a finished job's id still dedupes enqueues (BullMQ keeps finished jobs as long). */
	readonly dedupeWindowMs?: number;
}

interface QueuedJob {
	readonly id: string;
	readonly name: string;
	readonly data: JobEnvelope;
	readonly attempts: number;
	readonly backoffMs: number;
	readonly dedupeWindowMs: number;
	attempt: number;
	/** When the first attempt may start (epoch ms): enqueue time plus delay. */
	readonly dueAt: number;
}

export class InProcessJobQueue implements JobQueue {
	readonly driver = "in-process";
	private readonly registry = new JobRegistry();
	private readonly ready: QueuedJob[] = [];
	private readonly timers = new Map<NodeJS.Timeout, QueuedJob>();
	private readonly running = new Set<Promise<void>>();
	/** Job id → time its dedupe entry expires (Infinity while the job is still pending or running). */
	private readonly seen = new Map<string, number>();
	private readonly concurrency: number;
	private readonly dedupeWindowMs: number;
	private lastSweep = Date.now();
	private started = false;
	private closing: Promise<void> | undefined;

	constructor(private readonly options: InProcessQueueOptions) {
		this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
		this.dedupeWindowMs = options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS;
	}

	define<P>(definition: JobDefinition<P>): void {
		this.registry.define(definition);
	}

	enqueue<P>(name: string, payload: P, options?: EnqueueOptions): Promise<{ jobId: string }> {
		if (this.closing !== undefined) return Promise.reject(new QueueClosedError());
		return inProducerSpan(name, async () => this.add(name, payload, options));
	}

	private add<P>(name: string, payload: P, options?: EnqueueOptions): { jobId: string } {
		const { definition, envelope } = this.registry.envelope(name, payload);
		const jobId = jobIdFor(name, options);
		if (this.isSeen(jobId)) return { jobId };
		this.seen.set(jobId, Infinity);
		const job: QueuedJob = {
			id: jobId,
			name,
			data: envelope,
			attempts: definition.attempts ?? DEFAULT_ATTEMPTS,
			backoffMs: definition.backoffMs ?? DEFAULT_BACKOFF_MS,
			dedupeWindowMs: options?.dedupeWindowMs ?? this.dedupeWindowMs,
			attempt: 1,
			dueAt: Date.now() + (options?.delayMs ?? 0),
		};
		countJobQueued(name);
		this.schedule(job, options?.delayMs ?? 0);
		return { jobId };
	}

	async start(): Promise<void> {
		this.started = true;
		this.pump();
	}

	async ping(): Promise<void> {
		if (this.closing !== undefined) throw new QueueClosedError();
	}

	close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
		this.closing ??= this.shutdown(timeoutMs);
		return this.closing;
	}

	private schedule(job: QueuedJob, delayMs: number): void {
		if (delayMs <= 0) {
			this.ready.push(job);
			this.pump();
			return;
		}
		// unref: a pending retry must not keep a stopping process alive; close() drops it explicitly.
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			this.ready.push(job);
			this.pump();
		}, delayMs).unref();
		this.timers.set(timer, job);
	}

	private pump(): void {
		while (this.started && this.closing === undefined && this.running.size < this.concurrency && this.ready.length > 0) {
			this.run(this.ready.shift() as QueuedJob);
		}
	}

	private run(job: QueuedJob): void {
		const task = this.attempt(job).finally(() => {
			this.running.delete(task);
			this.pump();
		});
		this.running.add(task);
	}

	private async attempt(job: QueuedJob): Promise<void> {
		const { deadLetters, logger } = this.options;
		const outcome = await runAttempt(
			{ registry: this.registry, deadLetters, logger },
			{ name: job.name, jobId: job.id, data: job.data, attempt: job.attempt, attempts: job.attempts, ...(job.attempt === 1 ? { dueAt: job.dueAt } : {}) },
		);
		if (outcome.kind === "retry" && this.closing === undefined) {
			const delay = backoffDelay(job.backoffMs, job.attempt);
			job.attempt += 1;
			this.schedule(job, delay);
			return;
		}
		this.seen.set(job.id, Date.now() + job.dedupeWindowMs);
	}

	private async shutdown(timeoutMs: number): Promise<void> {
		for (const timer of this.timers.keys()) clearTimeout(timer);
		const dropped = this.ready.length + this.timers.size;
		this.ready.length = 0;
		this.timers.clear();
		const finished = await waitFor(Promise.allSettled([...this.running]), timeoutMs);
		if (!finished) this.options.logger.warn({ running: this.running.size, timeoutMs }, "jobs still running at close; abandoned");
		if (dropped > 0) this.options.logger.warn({ dropped }, "in-process queue closed with jobs still waiting; they are dropped");
	}

	private isSeen(jobId: string): boolean {
		const now = Date.now();
		// Sweeping every expired entry is O(n): do it at most once a minute, not on every enqueue.
		if (now - this.lastSweep > 60_000) {
			this.lastSweep = now;
			for (const [id, expires] of this.seen) if (expires <= now) this.seen.delete(id);
		}
		return (this.seen.get(jobId) ?? 0) > now;
	}
}
