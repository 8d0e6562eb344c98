import type { z } from "zod";

/** A job payload failed its schema. Same `code` as the service's validation errors. */
export class JobPayloadError extends Error {
	readonly code = "validation_failed";
	constructor(
		readonly jobName: string,
		readonly details: { path: string; message: string }[],
	) {
		super(`Invalid payload for job "${jobName}": ${details.map((d) => `${d.path || "(root)"} ${d.message}`).join("; ")}`);
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
