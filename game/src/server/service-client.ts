import { ErrorResponse, type Schema } from "@toolboxai/shared";
import { type MetaHttp, parse } from "@toolboxai/shared/out/luau";

/**
 * How a game server calls the ToolBoxAI service: every call carries the experience's API key, read from the
 * experience's Secrets store. The key stays a Roblox `Secret` from GetSecret to the request header: Luau cannot
 * turn a Secret into a string (Roblox's rule), so the key never reaches a log line, an attribute or a message.
 * Plain logic: HttpService comes in as a parameter, so specs and Lune pass their own.
 */

/** The name of the secret in Creator Hub › Secrets (and in Studio's local secrets for Play). */
export const API_KEY_SECRET = "toolboxai_api_key";
/** The service also takes `Authorization: Bearer <key>`; X-Api-Key takes the Secret as it is, no AddPrefix. */
export const API_KEY_HEADER = "X-Api-Key";
/** The service limits a key's requests per game server (and the whole key only by a ceiling): this names the server. */
export const GAME_SERVER_HEADER = "X-Roblox-Job-Id";

/** game.JobId when the service would take it (a GUID in live games); Studio's empty one, or anything odd, is left out. */
export function gameServerHeaderValue(jobId: string | undefined): string | undefined {
	if (jobId === undefined || jobId.size() > 64) return undefined;
	return jobId.match("^[%w%-]+$")[0] !== undefined ? jobId : undefined;
}

/** The part of HttpService service calls use (HttpService itself fits; specs pass fakes). */
export interface ServiceHttp extends MetaHttp {
	GetSecret(key: string): Secret;
	JSONEncode(input: unknown): string;
}

export type ServiceFailure =
	/** No secret named API_KEY_SECRET: not set in Creator Hub, or Play in Studio without a local secret. */
	| "no_secret"
	/** 401: the service knows no such key (never made, mistyped, or revoked). */
	| "key_rejected"
	/** 403: a real key without the scope the call needs. */
	| "key_lacks_scope"
	/** 429: the key's request budget (shared by all of the experience's servers) is spent for now. */
	| "rate_limited"
	/** Nothing answered. */
	| "server_down"
	/** HTTP requests are off for this place. */
	| "http_blocked"
	/** The service answered with its error shape, for another reason. */
	| "server_error"
	/** Something answered that is not a ToolBoxAI reply of the expected shape. */
	| "bad_reply"
	/** 304 to a request with If-None-Match: what the caller already has is current (not an error for it). */
	| "not_modified";

export type ServiceResult<T> =
	| {
			readonly ok: true;
			readonly value: T;
			/** The reply's ETag header, when it had one (sent back as If-None-Match). */
			readonly etag?: string;
	  }
	| {
			readonly ok: false;
			readonly reason: ServiceFailure;
			readonly message: string;
			readonly status?: number;
			/** The service's error code (its error shape's `code`), when it answered with one. */
			readonly code?: string;
			/** Seconds from the reply's Retry-After header (429/503), when it had a number there. */
			readonly retryAfter?: number;
	  };

export interface ServiceRequest<T> {
	readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
	/** From the server root, e.g. "/v1/runtime/whoami". */
	readonly path: string;
	readonly body?: object;
	/** 2xx replies must match it (unknown fields stripped, so a newer server may add some). */
	readonly schema: Schema<T>;
	/** Extra request headers (e.g. If-None-Match); the key header is always the client's own. */
	readonly headers?: Record<string, string>;
}

export interface ServiceClient {
	readonly serverUrl: string;
	call<T>(request: ServiceRequest<T>): ServiceResult<T>;
}

export type ApiKeyRead = { readonly ok: true; readonly key: Secret } | { readonly ok: false; readonly reason: "no_secret"; readonly message: string };

function describeError(err: unknown): string {
	return typeIs(err, "string") ? err : tostring(err);
}

/** The key from the Secrets store. GetSecret raises when the secret is missing; that becomes advice, never a crash. */
export function readApiKey(http: ServiceHttp): ApiKeyRead {
	const [found, key] = pcall(() => http.GetSecret(API_KEY_SECRET));
	if (found) return { ok: true, key };
	return {
		ok: false,
		reason: "no_secret",
		message:
			`No API key for ToolBoxAI: add a secret named ${API_KEY_SECRET} in Creator Hub › Secrets with a key made in the ToolBoxAI dashboard, ` +
			`then restart the servers (Play in Studio reads local secrets from Game Settings instead). (${describeError(key)})`,
	};
}

function fail<T>(reason: ServiceFailure, message: string, status?: number, retryAfter?: number, code?: string): ServiceResult<T> {
	return { ok: false, reason, message, status, retryAfter, code };
}

/** A reply header, its name compared without case (Roblox hands names as the server wrote them). */
export function readHeader(headers: Record<string, string> | undefined, wanted: string): string | undefined {
	if (headers === undefined) return undefined;
	for (const [name, value] of pairs(headers)) {
		if (typeIs(name, "string") && name.lower() === wanted && typeIs(value, "string")) return value;
	}
	return undefined;
}

/** Retry-After in seconds (header names compared without case; the HTTP-date form is not used by the service). */
export function readRetryAfter(headers: Record<string, string> | undefined): number | undefined {
	if (headers === undefined) return undefined;
	for (const [name, value] of pairs(headers)) {
		if (typeIs(name, "string") && name.lower() === "retry-after" && typeIs(value, "string")) {
			const seconds = tonumber(value);
			if (seconds !== undefined && seconds >= 0) return seconds;
		}
	}
	return undefined;
}

function send<T>(http: ServiceHttp, serverUrl: string, key: Secret, gameServer: string | undefined, request: ServiceRequest<T>): ServiceResult<T> {
	const what = `${request.method} ${request.path}`;
	const headers: Record<string, string | Secret> = { Accept: "application/json" };
	if (request.headers !== undefined) for (const [name, value] of pairs(request.headers)) headers[name] = value;
	headers[API_KEY_HEADER] = key;
	if (gameServer !== undefined) headers[GAME_SERVER_HEADER] = gameServer;
	if (request.body !== undefined) headers["Content-Type"] = "application/json";
	const [sent, response] = pcall(() =>
		http.RequestAsync({
			Url: `${serverUrl}${request.path}`,
			Method: request.method,
			Headers: headers,
			Body: request.body === undefined ? undefined : http.JSONEncode(request.body),
		}),
	);
	if (!sent) {
		const detail = describeError(response);
		const [notEnabled] = detail.lower().find("not enabled", 1, true);
		if (notEnabled !== undefined) {
			return fail("http_blocked", `HTTP requests are turned off, so ToolBoxAI cannot reach ${serverUrl}. Turn on "Allow HTTP Requests" in Game Settings > Security. (${detail})`);
		}
		return fail("server_down", `Cannot reach the ToolBoxAI server at ${serverUrl} (${what}). Check that it is running and that the address is right. (${detail})`);
	}

	const [decoded, body] = pcall(() => (response.Body === "" ? undefined : http.JSONDecode(response.Body)));
	if (response.Success) {
		const checked = decoded ? parse(request.schema, body, { unknownKeys: "strip" }) : undefined;
		if (checked === undefined || !checked.ok) {
			const where =
				checked === undefined ? "is not JSON" : `has ${checked.issues[0].path === "" ? "the wrong shape" : `${checked.issues[0].path} that ${checked.issues[0].message}`}`;
			return fail("bad_reply", `The reply of ${serverUrl} to ${what} ${where}: it is not the ToolBoxAI reply this game expects.`, response.StatusCode);
		}
		return { ok: true, value: checked.value, etag: readHeader(response.Headers, "etag") };
	}
	// Roblox counts only 2xx as Success; a 304 has no body and means "keep what you have".
	if (response.StatusCode === 304) return fail("not_modified", `${what}: not modified since the tag sent`, 304);

	const problem = decoded ? parse(ErrorResponse, body, { unknownKeys: "strip" }) : undefined;
	if (problem === undefined || !problem.ok) {
		return fail(
			"bad_reply",
			`${serverUrl} answered ${what} with ${response.StatusCode} ${response.StatusMessage}, which is not a ToolBoxAI reply. Check the address.`,
			response.StatusCode,
		);
	}
	const e = problem.value.error;
	const trace = `(HTTP ${response.StatusCode}, ${e.code}, request ${e.requestId})`;
	const status = response.StatusCode;
	// The service's own 401 text names headers; a person fixing a game needs to hear what to do in Creator Hub.
	if (status === 401) {
		return fail(
			"key_rejected",
			`The ToolBoxAI server at ${serverUrl} does not accept the API key in the ${API_KEY_SECRET} secret: it is not a key of any school, or it was revoked. ` +
				`Make a new key in the ToolBoxAI dashboard, put it in the secret and restart the servers (running servers keep the secret they started with). ${trace}`,
			status,
		);
	}
	if (status === 403) {
		return fail(
			"key_lacks_scope",
			`The API key in the ${API_KEY_SECRET} secret may not do ${what}: ${e.message} Make a key with that scope in the ToolBoxAI dashboard and put it in the secret. ${trace}`,
			status,
		);
	}
	const retryAfter = readRetryAfter(response.Headers);
	if (status === 429) return fail("rate_limited", `The ToolBoxAI server is holding back this experience's requests: ${e.message} ${trace}`, status, retryAfter);
	return fail("server_error", `The ToolBoxAI server at ${serverUrl} could not answer ${what}: ${e.message} ${trace}`, status, retryAfter, e.code);
}

/**
 * 402 `subscription_ended`: the school's subscription has ended and its grace for students is over. Not an outage:
 * the service takes nothing from this school (lessons, progress, joins) until it subscribes again.
 */
export function isSubscriptionEnded(result: ServiceResult<unknown>): boolean {
	return !result.ok && result.status === 402 && result.code === "subscription_ended";
}

/** A client for `serverUrl` (already normalised by the protocol check) on behalf of game server `jobId`, or the no-secret advice. */
export function createServiceClient(
	http: ServiceHttp,
	serverUrl: string,
	jobId?: string,
): { readonly ok: true; readonly client: ServiceClient } | { readonly ok: false; readonly reason: "no_secret"; readonly message: string } {
	const read = readApiKey(http);
	if (!read.ok) return read;
	const key = read.key;
	const gameServer = gameServerHeaderValue(jobId);
	return {
		ok: true,
		client: {
			serverUrl,
			call<T>(request: ServiceRequest<T>) {
				return send(http, serverUrl, key, gameServer, request);
			},
		},
	};
}
