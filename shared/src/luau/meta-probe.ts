import { ErrorResponse } from "../contracts/errors";
import { Meta } from "../contracts/meta";
import { checkProtocol, parse } from "./validate";

/**
 * The one question a client asks before anything else: is there a ToolBoxAI server at this address, and does it
 * speak our protocol? Plain logic: HttpService comes in as a parameter so specs and Lune can pass their own.
 * Shared by the plugin and the game server (both import it from `@toolboxai/shared/out/luau`).
 */

/** The part of HttpService the probe uses (HttpService itself fits; specs pass fakes). */
export interface MetaHttp {
	RequestAsync(request: RequestAsyncRequest): RequestAsyncResponse;
	JSONDecode(input: string): unknown;
}

export type ProbeFailure =
	/** Nothing answered: wrong address, server stopped, network down. */
	| "server_down"
	/** HTTP is switched off for this place (Game Settings > Security) or the request was blocked. */
	| "http_blocked"
	/** Something answered, but not a ToolBoxAI server. */
	| "not_toolboxai"
	/** A ToolBoxAI server that speaks another MAJOR protocol version. */
	| "protocol_mismatch"
	/** A ToolBoxAI server that answered with its own error body. */
	| "server_error"
	/** The address itself is not an http(s) URL. */
	| "bad_address";

export type ProbeResult =
	| { readonly ok: true; readonly serverUrl: string; readonly meta: Meta }
	| { readonly ok: false; readonly serverUrl: string; readonly reason: ProbeFailure; readonly message: string };

export const META_PATH = "/v1/meta";

/** "http://host:8080/" → "http://host:8080"; undefined when it is not an http(s) address. */
export function normaliseServerUrl(address: string): string | undefined {
	let url = address;
	// trim whitespace people paste along with addresses
	[url] = url.gsub("^%s+", "");
	[url] = url.gsub("%s+$", "");
	[url] = url.gsub("/+$", "");
	const lower = url.lower();
	const [httpStart] = lower.find("^https?://[^/%s]+");
	if (httpStart === undefined) return undefined;
	return url;
}

function fail(serverUrl: string, reason: ProbeFailure, message: string): ProbeResult {
	return { ok: false, serverUrl, reason, message };
}

function describeError(err: unknown): string {
	return typeIs(err, "string") ? err : tostring(err);
}

/** GET <server>/v1/meta, validate the reply with the shared Meta contract, and apply the protocol rule. */
export function probeServer(http: MetaHttp, address: string): ProbeResult {
	const serverUrl = normaliseServerUrl(address);
	if (serverUrl === undefined) {
		return fail(address, "bad_address", `"${address}" is not a server address. It should look like https://toolboxai.example.org`);
	}

	const [sent, response] = pcall(() => http.RequestAsync({ Url: `${serverUrl}${META_PATH}`, Method: "GET", Headers: { Accept: "application/json" } }));
	if (!sent) {
		const detail = describeError(response);
		const [notEnabled] = detail.lower().find("not enabled", 1, true);
		if (notEnabled !== undefined) {
			return fail(
				serverUrl,
				"http_blocked",
				`HTTP requests are turned off, so ToolBoxAI cannot reach ${serverUrl}. Turn on "Allow HTTP Requests" in Game Settings > Security. (${detail})`,
			);
		}
		return fail(serverUrl, "server_down", `Cannot reach the ToolBoxAI server at ${serverUrl}. Check that it is running and that the address is right. (${detail})`);
	}

	const [decoded, body] = pcall(() => http.JSONDecode(response.Body));
	if (!decoded) {
		return fail(
			serverUrl,
			"not_toolboxai",
			`${serverUrl} answered, but it is not a ToolBoxAI server: GET ${META_PATH} gave ${response.StatusCode} ${response.StatusMessage} without JSON. Check the address.`,
		);
	}

	if (!response.Success) {
		const problem = parse(ErrorResponse, body, { unknownKeys: "strip" });
		if (problem.ok) {
			const e = problem.value.error;
			return fail(
				serverUrl,
				"server_error",
				`The ToolBoxAI server at ${serverUrl} could not answer: ${e.message} (HTTP ${response.StatusCode}, ${e.code}, request ${e.requestId}).`,
			);
		}
		return fail(
			serverUrl,
			"not_toolboxai",
			`${serverUrl} answered, but it is not a ToolBoxAI server: GET ${META_PATH} gave ${response.StatusCode} ${response.StatusMessage}. Check the address.`,
		);
	}

	// The protocol version decides first (Rojo's rule): a server of another MAJOR version may have changed the
	// rest of this reply, and "update the plugin" is the right advice then, not "wrong address".
	const declared = typeIs(body, "table") ? (body as { protocolVersion?: unknown }).protocolVersion : undefined;
	if (typeIs(declared, "string")) {
		const protocol = checkProtocol(declared);
		if (!protocol.compatible) return fail(serverUrl, "protocol_mismatch", protocol.message);
	}

	const meta = parse(Meta, body, { unknownKeys: "strip" });
	if (!meta.ok) {
		const first = meta.issues[0];
		return fail(
			serverUrl,
			"not_toolboxai",
			`${serverUrl} answered, but it is not a ToolBoxAI server: its ${META_PATH} reply has ${first.path === "" ? "the wrong shape" : `${first.path} that ${first.message}`}. Check the address.`,
		);
	}
	return { ok: true, serverUrl, meta: meta.value };
}
