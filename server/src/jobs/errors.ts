import { AppError } from "../errors/app-error";

/** Enqueueing a job nobody defined is a programming error: it surfaces as `internal`, never to a client as-is. */
export class UnknownJobError extends Error {
	readonly code = "unknown_job";
	constructor(readonly jobName: string) {
		super(`No job named "${jobName}" is defined`);
		this.name = "UnknownJobError";
	}
}

/** The service is shutting down: the client should retry against another instance. */
export class QueueClosedError extends AppError {
	constructor() {
		super("unavailable", "The service is shutting down and takes no new work; try again shortly.");
		this.name = "QueueClosedError";
	}
}

/** Retrying cannot help (a stored payload that fails its own version's schema): dead-letter at once. */
export class PermanentJobError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = "PermanentJobError";
	}
}
