/**
 * Job errors carry a stable `code` like the service's error type, so the HTTP layer can map them once.
 * (They become AppError subclasses when the shared error type lands.)
 */
export class UnknownJobError extends Error {
	readonly code = "unknown_job";
	constructor(readonly jobName: string) {
		super(`No job named "${jobName}" is defined`);
		this.name = "UnknownJobError";
	}
}

export class QueueClosedError extends Error {
	readonly code = "queue_closed";
	constructor() {
		super("The job queue is closing and takes no new jobs");
		this.name = "QueueClosedError";
	}
}

/** Retrying cannot help (bad stored payload, unknown job): dead-letter at once. */
export class PermanentJobError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = "PermanentJobError";
	}
}
