import type { Meta } from "@toolboxai/shared";
import {
	SERVER_URL_ATTRIBUTE,
	STATUS_ATTRIBUTE,
	STATUS_MESSAGE_ATTRIBUTE,
	type ServiceStatus,
} from "shared/attributes";
import { type MetaHttp, type ProbeFailure, probeServer } from "@toolboxai/shared/out/luau";

/**
 * What a game server does before it uses the ToolBoxAI service: read the configured address, ask the server for
 * its protocol version, and refuse (with a plain log line naming both versions) when it does not match.
 * Engine services come in as parameters; main.server.ts passes the real ones.
 */
export type StartCheck =
	| { readonly ok: true; readonly serverUrl: string; readonly meta: Meta }
	| { readonly ok: false; readonly reason: ProbeFailure | "not_configured"; readonly message: string };

export interface StartCheckDeps {
	readonly http: MetaHttp;
	/** Holds the SERVER_URL_ATTRIBUTE (ServerScriptService in the place). */
	readonly config: Instance;
	/** Receives the status attributes (ReplicatedStorage, so clients can see them). */
	readonly status: Instance;
	readonly info: (line: string) => void;
	readonly warn: (line: string) => void;
}

const LOG_PREFIX = "[ToolBoxAI]";

/** The configured server address, or undefined when the attribute is missing or blank. */
export function readServerUrl(config: Instance): string | undefined {
	const value = config.GetAttribute(SERVER_URL_ATTRIBUTE);
	if (!typeIs(value, "string")) return undefined;
	const [trimmed] = value.gsub("^%s*(.-)%s*$", "%1");
	return trimmed === "" ? undefined : trimmed;
}

export function checkServer(http: MetaHttp, serverUrl: string | undefined): StartCheck {
	if (serverUrl === undefined) {
		return {
			ok: false,
			reason: "not_configured",
			message: `No ToolBoxAI server is configured: set the ${SERVER_URL_ATTRIBUTE} attribute on ServerScriptService to the service address.`,
		};
	}
	const result = probeServer(http, serverUrl);
	if (result.ok) return { ok: true, serverUrl: result.serverUrl, meta: result.meta };
	return { ok: false, reason: result.reason, message: result.message };
}

function setStatus(target: Instance, status: ServiceStatus, message: string) {
	target.SetAttribute(STATUS_ATTRIBUTE, status);
	target.SetAttribute(STATUS_MESSAGE_ATTRIBUTE, message);
}

/** Runs the check, publishes the status attributes and logs one plain line. Yields for the HTTP request. */
export function runStartCheck(deps: StartCheckDeps): StartCheck {
	setStatus(deps.status, "checking", "");
	const result = checkServer(deps.http, readServerUrl(deps.config));
	if (result.ok) {
		const message = `Using ToolBoxAI ${result.meta.serverVersion} at ${result.serverUrl} (protocol ${result.meta.protocolVersion}).`;
		setStatus(deps.status, "ready", message);
		deps.info(`${LOG_PREFIX} ${message}`);
	} else {
		setStatus(deps.status, "refused", result.message);
		deps.warn(`${LOG_PREFIX} Lessons are off on this server. ${result.message}`);
	}
	return result;
}
