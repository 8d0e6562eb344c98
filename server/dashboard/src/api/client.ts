import { BrowserSession, ErrorResponse, type AnySchema, type Infer } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import { ApiError } from "./errors";
import { clearSession, currentAccessToken, hasSession, storeSession } from "./session";

/** The cookie routes: the browser sends the refresh cookie to these paths only. */
export const SESSION_PATHS = { start: "/v1/auth/session", refresh: "/v1/auth/session/refresh", end: "/v1/auth/session/end" } as const;

type Method = "GET" | "POST" | "DELETE" | "PUT" | "PATCH";

export interface CallOptions {
	readonly body?: unknown;
	/** Send the access token (refreshing it first when needed); "if-signed-in" sends it only when there is a session. */
	readonly auth?: boolean | "if-signed-in";
	readonly signal?: AbortSignal;
}

function retryAfterSeconds(response: Response, details: unknown): number | undefined {
	const header = response.headers.get("Retry-After");
	if (header !== null) {
		const seconds = Number(header);
		if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
		const date = Date.parse(header);
		if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
	}
	const fromDetails = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
	return typeof fromDetails === "number" ? Math.ceil(fromDetails) : undefined;
}

async function send(method: Method, path: string, options: CallOptions, token: string | undefined): Promise<Response> {
	const headers: Record<string, string> = { Accept: "application/json" };
	if (options.body !== undefined) headers["Content-Type"] = "application/json";
	if (token !== undefined) headers.Authorization = `Bearer ${token}`;
	try {
		return await fetch(path, {
			method,
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			signal: options.signal,
			credentials: "same-origin",
			cache: "no-store",
		});
	} catch (error) {
		if ((error as Error).name === "AbortError") throw error;
		throw new ApiError(0, "network", "Cannot reach the ToolBoxAI service.");
	}
}

async function readJson(response: Response): Promise<unknown> {
	const text = await response.text();
	if (text === "") return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw new ApiError(response.status, "bad_reply", `The service answered ${response.status} with something that is not JSON.`);
	}
}

async function toError(response: Response): Promise<ApiError> {
	let body: unknown;
	try {
		body = await readJson(response);
	} catch (error) {
		return error as ApiError;
	}
	const parsed = parse(ErrorResponse, body, { unknownKeys: "strip" });
	if (!parsed.ok) return new ApiError(response.status, "bad_reply", `The service answered ${response.status}.`);
	const { code, message, details, requestId } = parsed.value.error;
	return new ApiError(response.status, code, message, details, requestId, retryAfterSeconds(response, details));
}

/** Replies are checked against the shared contract; fields a newer service adds are dropped, not refused. */
function checked<S extends AnySchema>(schema: S, value: unknown, path: string): Infer<S> {
	const parsed = parse(schema, value, { unknownKeys: "strip" });
	if (parsed.ok) return parsed.value;
	const first = parsed.issues[0];
	throw new ApiError(200, "bad_reply", `The service's answer to ${path} did not match the contract (${first ? `${first.path}: ${first.message}` : "invalid"}).`);
}

let refreshing: Promise<string | undefined> | undefined;

/** The service's reason a session ended (`details.reason` of its refusal). */
function endedReasonOf(error: ApiError): string {
	const reason = (error.details as { reason?: unknown } | undefined)?.reason;
	return typeof reason === "string" ? reason : "unknown";
}

/**
 * A new access token from the refresh cookie. One request at a time in this tab; other tabs may refresh at the
 * same moment (the service's reuse interval answers them all alike). Only the service's refusal (401) ends the
 * session; a network blip or a 5xx keeps it for the next try.
 */
export function refreshSession(): Promise<string | undefined> {
	refreshing ??= (async () => {
		const response = await send("POST", SESSION_PATHS.refresh, {}, undefined);
		if (!response.ok) {
			const error = await toError(response);
			if (response.status === 401) {
				clearSession(endedReasonOf(error));
				return undefined;
			}
			throw error;
		}
		const session = checked(BrowserSession, await readJson(response), SESSION_PATHS.refresh);
		storeSession(session);
		return session.accessToken;
	})().finally(() => {
		refreshing = undefined;
	});
	return refreshing;
}

/** After signing in (or signing up, or accepting an invitation): the refresh token goes into the cookie at once. */
export async function startBrowserSession(refreshToken: string): Promise<void> {
	storeSession(await call(BrowserSession, "POST", SESSION_PATHS.start, { body: { refreshToken } }));
}

/** Ends the cookie's session on the service and clears the cookie; this tab forgets its access token either way. */
export async function endBrowserSession(): Promise<void> {
	try {
		await call(undefined, "POST", SESSION_PATHS.end);
	} finally {
		clearSession();
	}
}

async function accessTokenOrRefresh(): Promise<string | undefined> {
	return currentAccessToken() ?? (await refreshSession());
}

/** One API call: JSON in, contract-checked JSON out, the shared error shape turned into ApiError. */
export async function call<S extends AnySchema>(schema: S | undefined, method: Method, path: string, options: CallOptions = {}): Promise<Infer<S>> {
	let token: string | undefined;
	if (options.auth === true) {
		token = await accessTokenOrRefresh();
		if (token === undefined) throw new ApiError(401, "unauthenticated", "Please sign in.");
	} else if (options.auth === "if-signed-in" && hasSession()) {
		token = await accessTokenOrRefresh().catch(() => undefined);
	}
	let response = await send(method, path, options, token);
	if (response.status === 401 && options.auth === true) {
		// The access token may have been revoked or rotated out early: one refresh, one retry.
		token = await refreshSession();
		if (token === undefined) throw new ApiError(401, "unauthenticated", "Your session has ended. Please sign in again.");
		response = await send(method, path, options, token);
	}
	if (!response.ok) throw await toError(response);
	const body = await readJson(response);
	return (schema === undefined ? body : checked(schema, body, path)) as Infer<S>;
}
