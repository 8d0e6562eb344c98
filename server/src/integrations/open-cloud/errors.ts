/**
 * One error type for every Open Cloud failure. Roblox answers errors in several shapes (facts sheet, "Rate limits
 * and errors"): the gateway's `{errors:[{code,message}]}`, v2's `{code,message,details}`, v1's `{error,message,errorDetails}`
 * or `{code,message}`, ASP.NET problem-details `{type,title,status,traceId}` (place publishing 500s), RFC 9110
 * validation problems `{title,status,errors:{field:[...]}}`, and plain text or HTML from proxies. Callers only ever
 * see `OpenCloudError`, with a stable `code` derived from the HTTP status (the body codes vary between APIs).
 */

export type OpenCloudErrorCode =
	| "invalid_argument"
	| "unauthenticated"
	| "permission_denied"
	| "not_found"
	| "conflict"
	| "payload_too_large"
	| "rate_limited"
	| "internal"
	| "unavailable"
	| "timeout"
	| "network"
	| "operation_failed"
	| "bad_response"
	| "client_validation";

export interface OpenCloudErrorInit {
	readonly status: number;
	readonly code: OpenCloudErrorCode;
	readonly message: string;
	readonly retryable: boolean;
	readonly retryAfterMs?: number;
	/** The code Roblox put in the body (e.g. "INVALID_ARGUMENT", 0, "Forbidden"), for logs and support. */
	readonly robloxCode?: string;
	readonly details?: unknown;
	readonly traceId?: string;
}

export class OpenCloudError extends Error {
	/** HTTP status; 0 when no answer arrived (timeout, network) or the client refused before sending. */
	readonly status: number;
	readonly code: OpenCloudErrorCode;
	readonly retryable: boolean;
	readonly retryAfterMs?: number;
	readonly robloxCode?: string;
	readonly details?: unknown;
	readonly traceId?: string;

	constructor(init: OpenCloudErrorInit) {
		super(init.message);
		this.name = "OpenCloudError";
		this.status = init.status;
		this.code = init.code;
		this.retryable = init.retryable;
		if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
		if (init.robloxCode !== undefined) this.robloxCode = init.robloxCode;
		if (init.details !== undefined) this.details = init.details;
		if (init.traceId !== undefined) this.traceId = init.traceId;
	}
}

const V2_CODES: Record<string, OpenCloudErrorCode> = {
	INVALID_ARGUMENT: "invalid_argument",
	UNAUTHENTICATED: "unauthenticated",
	PERMISSION_DENIED: "permission_denied",
	NOT_FOUND: "not_found",
	ABORTED: "conflict",
	ALREADY_EXISTS: "conflict",
	RESOURCE_EXHAUSTED: "rate_limited",
	INTERNAL: "internal",
	UNAVAILABLE: "unavailable",
};

function codeForStatus(status: number): OpenCloudErrorCode | undefined {
	if (status === 400 || status === 422) return "invalid_argument";
	if (status === 401) return "unauthenticated";
	if (status === 403) return "permission_denied";
	if (status === 404) return "not_found";
	if (status === 409) return "conflict";
	if (status === 413) return "payload_too_large";
	if (status === 429) return "rate_limited";
	if (status === 502 || status === 503) return "unavailable";
	if (status === 504) return "timeout";
	if (status >= 500) return "internal";
	return undefined;
}

/** Retried: throttling, server faults, gateways. Never a 4xx the same request would get again (400/401/403/404/409). */
export function isRetryableStatus(status: number): boolean {
	return status === 429 || status === 408 || status >= 500;
}

interface ParsedBody {
	message?: string;
	robloxCode?: string;
	details?: unknown;
	traceId?: string;
}

function text(value: unknown): string | undefined {
	return typeof value === "string" && value.trim() !== "" ? value : typeof value === "number" ? String(value) : undefined;
}

/** Reads whichever documented shape the body has; unknown JSON and non-JSON fall back to a trimmed excerpt. */
export function parseErrorBody(body: string): ParsedBody {
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch {
		const excerpt = body
			.replace(/<[^>]*>/g, " ")
			.replace(/\s+/g, " ")
			.trim()
			.slice(0, 200);
		return excerpt === "" ? {} : { message: excerpt };
	}
	if (typeof json !== "object" || json === null) return text(json) === undefined ? {} : { message: text(json) };
	const o = json as Record<string, unknown>;
	// Gateway: {"errors":[{"code":0,"message":"Invalid API Key"}]}
	if (Array.isArray(o.errors) && o.errors.length > 0) {
		const first = o.errors[0] as Record<string, unknown>;
		return { message: text(first?.message), robloxCode: text(first?.code), details: o.errors.length > 1 ? o.errors : undefined };
	}
	// RFC 9110 validation problem: {"title":"One or more validation errors occurred.","errors":{"field":["..."]}}
	if (typeof o.errors === "object" && o.errors !== null) {
		const fields = Object.entries(o.errors as Record<string, unknown>).map(([field, problems]) => `${field}: ${Array.isArray(problems) ? problems.join(", ") : String(problems)}`);
		return { message: [text(o.title), ...fields].filter(Boolean).join(" — "), details: o.errors, traceId: text(o.traceId) };
	}
	// v1: {"error":"INVALID_ARGUMENT","message":"...","errorDetails":[...]}
	if (text(o.error) !== undefined) {
		return { message: text(o.message) ?? text(o.error), robloxCode: text(o.error), details: o.errorDetails };
	}
	// v2 and v1: {"code":"NOT_FOUND","message":"...","details":[...]}
	if (text(o.code) !== undefined || text(o.message) !== undefined) {
		return { message: text(o.message), robloxCode: text(o.code), details: o.details };
	}
	// ASP.NET problem details: {"type":"...","title":"An error occurred","status":500,"traceId":"00-..."}
	if (text(o.title) !== undefined) return { message: text(o.title), traceId: text(o.traceId), details: text(o.type) };
	return {};
}

/** `retry-after` (seconds or an HTTP date) first, then `x-ratelimit-reset` (seconds), else undefined. */
export function retryAfterFromHeaders(headers: Record<string, string> | undefined, nowMs: number): number | undefined {
	const retryAfter = headers?.["retry-after"]?.trim();
	if (retryAfter !== undefined && retryAfter !== "") {
		if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
	}
	const reset = headers?.["x-ratelimit-reset"]?.split(",")[0]?.trim();
	if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset)) return Math.round(Number(reset) * 1000);
	return undefined;
}

/** Plain messages for the answers a teacher or CI log is most likely to see. */
function plainMessage(status: number, code: OpenCloudErrorCode, parsed: ParsedBody, context: string): string {
	const said = parsed.message === undefined ? "" : ` (Roblox said: ${parsed.message})`;
	if (code === "unauthenticated") return `${context}: the Open Cloud API key was refused; check it has not expired or been revoked${said}`;
	if (code === "permission_denied") return `${context}: the API key lacks the scope or experience access for this${said}`;
	if (code === "rate_limited") return `${context}: Roblox is rate limiting this key's owner${said}`;
	if (code === "not_found") return `${context}: not found on Roblox; check the universe, place or asset id${said}`;
	return `${context}: Roblox answered ${status}${said}`;
}

export interface ResponseErrorOptions {
	/** Names the operation in the message, e.g. "Publishing place 456". */
	readonly context: string;
	readonly nowMs: number;
	/** Overrides the message for a 409 (place publishing: Team Create). */
	readonly conflictMessage?: string;
}

export function errorFromResponse(response: { status: number; body: string; headers?: Record<string, string> }, options: ResponseErrorOptions): OpenCloudError {
	const parsed = parseErrorBody(response.body);
	const fromBody = parsed.robloxCode === undefined ? undefined : V2_CODES[parsed.robloxCode.toUpperCase()];
	const code = codeForStatus(response.status) ?? fromBody ?? "bad_response";
	const retryable = isRetryableStatus(response.status);
	const retryAfterMs = retryable ? retryAfterFromHeaders(response.headers, options.nowMs) : undefined;
	const message =
		code === "conflict" && options.conflictMessage !== undefined
			? `${options.conflictMessage}${parsed.message === undefined ? "" : ` (Roblox said: ${parsed.message})`}`
			: plainMessage(response.status, code, parsed, options.context);
	return new OpenCloudError({
		status: response.status,
		code,
		message,
		retryable,
		...(retryAfterMs === undefined ? {} : { retryAfterMs }),
		...(parsed.robloxCode === undefined ? {} : { robloxCode: parsed.robloxCode }),
		...(parsed.details === undefined ? {} : { details: parsed.details }),
		...(parsed.traceId === undefined ? {} : { traceId: parsed.traceId }),
	});
}
