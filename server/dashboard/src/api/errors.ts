import type { ErrorCode } from "@toolboxai/shared";

/** A failed call, with the service's error code and message when it sent one (every error has the same shape). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: ErrorCode | "network" | "bad_reply",
		message: string,
		readonly details?: unknown,
		readonly requestId?: string,
		/** Seconds, from Retry-After (429). */
		readonly retryAfter?: number,
	) {
		super(message);
		this.name = "ApiError";
	}
}

/** Plain words for a person, with the request id to quote for support when the fault is ours. */
export function describeError(error: unknown): string {
	if (error instanceof ApiError) {
		if (error.code === "network") return "Cannot reach the ToolBoxAI service. Check the connection and try again.";
		if (error.status >= 500 && error.requestId !== undefined) return `${error.message} (request id ${error.requestId})`;
		return error.message;
	}
	return error instanceof Error ? error.message : String(error);
}

/** The service's words for one field of a refused request (validation_failed details.issues), e.g. "/password". */
export function fieldProblem(error: unknown, path: string): string | undefined {
	if (!(error instanceof ApiError) || error.code !== "validation_failed") return undefined;
	const issues = (error.details as { issues?: Array<{ path?: unknown; message?: unknown }> } | undefined)?.issues;
	const issue = Array.isArray(issues) ? issues.find((i) => i.path === path) : undefined;
	return typeof issue?.message === "string" ? issue.message : undefined;
}
