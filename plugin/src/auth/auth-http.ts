import { type DeviceCodeResponse, ErrorResponse, type ErrorCode, type Schema, type TokenResponse } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/out/luau";
import { isPermissionDenied, permissionMessage } from "./transport";

/** The part of HttpService sign-in uses (HttpService itself fits; specs pass fakes, Lune passes its real one). */
export interface AuthHttp {
	RequestAsync(request: RequestAsyncRequest): RequestAsyncResponse;
	JSONDecode(input: string): unknown;
	JSONEncode(input: unknown): string;
}

/** What one call to the service ended in. Every reply is checked against its shared contract first. */
export type CallResult<T> =
	| { readonly ok: true; readonly value: T }
	/** The service answered with its error shape: `code` is the stable one (e.g. authorization_pending). */
	| { readonly ok: false; readonly kind: "service_error"; readonly status: number; readonly code: ErrorCode; readonly message: string; readonly details?: unknown }
	/** Nothing answered, or something that is not a ToolBoxAI reply of the expected shape. */
	| { readonly ok: false; readonly kind: "unreachable" | "bad_reply"; readonly message: string };

export type CallFailure = Exclude<CallResult<unknown>, { ok: true }>;

function describeError(err: unknown): string {
	return typeIs(err, "string") ? err : tostring(err);
}

/**
 * POST (or GET) JSON to the service and check the reply: 2xx must match `schema` (unknown fields stripped, so a newer
 * server may add some), anything else must be the shared ErrorResponse.
 */
export function callService<T>(
	http: AuthHttp,
	request: {
		readonly url: string;
		readonly method: "GET" | "POST";
		readonly body?: object;
		readonly accessToken?: string;
		/** undefined: any 2xx with any body is success (e.g. logout). */
		readonly schema?: Schema<T>;
	},
): CallResult<T> {
	const headers: Record<string, string> = { Accept: "application/json" };
	if (request.body !== undefined) headers["Content-Type"] = "application/json";
	if (request.accessToken !== undefined) headers.Authorization = `Bearer ${request.accessToken}`;
	const [sent, response] = pcall(() =>
		http.RequestAsync({
			Url: request.url,
			Method: request.method,
			Headers: headers,
			Body: request.body === undefined ? undefined : http.JSONEncode(request.body),
		}),
	);
	if (!sent) {
		const reason = describeError(response);
		if (isPermissionDenied(reason)) return { ok: false, kind: "unreachable", message: permissionMessage(request.url) };
		return { ok: false, kind: "unreachable", message: `Cannot reach the ToolBoxAI server (${reason}).` };
	}
	const [decoded, body] = pcall(() => (response.Body === "" ? undefined : http.JSONDecode(response.Body)));
	if (response.Success) {
		if (request.schema === undefined) return { ok: true, value: undefined as unknown as T };
		const checked = decoded ? parse(request.schema, body, { unknownKeys: "strip" }) : undefined;
		if (checked === undefined || !checked.ok) {
			const where =
				checked === undefined ? "is not JSON" : `has ${checked.issues[0].path === "" ? "the wrong shape" : `${checked.issues[0].path} that ${checked.issues[0].message}`}`;
			return { ok: false, kind: "bad_reply", message: `The server's reply to ${request.url} ${where}.` };
		}
		return { ok: true, value: checked.value };
	}
	const problem = decoded ? parse(ErrorResponse, body, { unknownKeys: "strip" }) : undefined;
	if (problem === undefined || !problem.ok) {
		return {
			ok: false,
			kind: "bad_reply",
			message: `${request.url} answered ${response.StatusCode} ${response.StatusMessage}, which is not a ToolBoxAI reply. Check the server address.`,
		};
	}
	const e = problem.value.error;
	return { ok: false, kind: "service_error", status: response.StatusCode, code: e.code, message: e.message, details: e.details };
}

export type { DeviceCodeResponse, TokenResponse };
