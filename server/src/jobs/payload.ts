import type { z } from "zod";
import { AppError } from "../errors/app-error";

export interface PayloadIssue {
	readonly path: string;
	readonly message: string;
}

/** A job payload failed its schema: the service's usual `validation_failed`, with the issues as details. */
export class JobPayloadError extends AppError {
	constructor(
		readonly jobName: string,
		issues: PayloadIssue[],
	) {
		super("validation_failed", `Invalid payload for job "${jobName}": ${issues.map((i) => `${i.path || "(root)"} ${i.message}`).join("; ")}`, { job: jobName, issues });
		this.name = "JobPayloadError";
	}
}

/** Builds a definition's `parse` from a zod schema. */
export function payloadParser<S extends z.ZodType>(jobName: string, schema: S): (payload: unknown) => z.output<S> {
	return (payload) => {
		const result = schema.safeParse(payload);
		if (result.success) return result.data;
		throw new JobPayloadError(
			jobName,
			result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
		);
	};
}
