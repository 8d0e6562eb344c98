import { type Meta, RuntimeWhoAmI } from "@toolboxai/shared";
import { SERVER_URL_ATTRIBUTE, STATUS_ATTRIBUTE, STATUS_MESSAGE_ATTRIBUTE, type ServiceStatus } from "shared/attributes";
import { type ProbeFailure, probeServer } from "@toolboxai/shared/out/luau";
import { createServiceClient, type ServiceClient, type ServiceFailure, type ServiceHttp } from "./service-client";

/**
 * What a game server does before it uses the ToolBoxAI service: read the configured address, ask the server for
 * its protocol version (refusing, with a plain line naming both versions, when it does not match), then prove the
 * experience's API key with GET /v1/runtime/whoami: which school it belongs to and what it may do.
 * Engine services come in as parameters; main.server.ts passes the real ones.
 */
export type StartCheck =
	| {
			readonly ok: true;
			readonly serverUrl: string;
			readonly meta: Meta;
			/** The key's tenant, id and scopes, as the service sees them. */
			readonly identity: RuntimeWhoAmI;
			/** Signed with the key: what the game's later service calls go through. */
			readonly client: ServiceClient;
	  }
	| { readonly ok: false; readonly reason: ProbeFailure | ServiceFailure | "not_configured"; readonly message: string };

export interface StartCheckDeps {
	readonly http: ServiceHttp;
	/** Holds the SERVER_URL_ATTRIBUTE (ServerScriptService in the place). */
	readonly config: Instance;
	/** Receives the status attributes (ReplicatedStorage, so clients can see them). */
	readonly status: Instance;
	readonly info: (line: string) => void;
	readonly warn: (line: string) => void;
}

const LOG_PREFIX = "[ToolBoxAI]";
export const WHOAMI_PATH = "/v1/runtime/whoami";

/** The configured server address, or undefined when the attribute is missing or blank. */
export function readServerUrl(config: Instance): string | undefined {
	const value = config.GetAttribute(SERVER_URL_ATTRIBUTE);
	if (!typeIs(value, "string")) return undefined;
	const [trimmed] = value.gsub("^%s*(.-)%s*$", "%1");
	return trimmed === "" ? undefined : trimmed;
}

export function checkServer(http: ServiceHttp, serverUrl: string | undefined): StartCheck {
	if (serverUrl === undefined) {
		return {
			ok: false,
			reason: "not_configured",
			message: `No ToolBoxAI server is configured: set the ${SERVER_URL_ATTRIBUTE} attribute on ServerScriptService to the service address.`,
		};
	}
	// The protocol decides first: against a server of another major version, "update" is the advice, not "fix the key".
	const probe = probeServer(http, serverUrl);
	if (!probe.ok) return { ok: false, reason: probe.reason, message: probe.message };

	const created = createServiceClient(http, probe.serverUrl);
	if (!created.ok) return { ok: false, reason: created.reason, message: created.message };
	const whoami = created.client.call({ method: "GET", path: WHOAMI_PATH, schema: RuntimeWhoAmI });
	if (!whoami.ok) return { ok: false, reason: whoami.reason, message: whoami.message };
	return { ok: true, serverUrl: probe.serverUrl, meta: probe.meta, identity: whoami.value, client: created.client };
}

function setStatus(target: Instance, status: ServiceStatus, message: string) {
	target.SetAttribute(STATUS_ATTRIBUTE, status);
	target.SetAttribute(STATUS_MESSAGE_ATTRIBUTE, message);
}

/** Runs the check, publishes the status attributes and logs one plain line. Yields for the HTTP requests. */
export function runStartCheck(deps: StartCheckDeps): StartCheck {
	setStatus(deps.status, "checking", "");
	const result = checkServer(deps.http, readServerUrl(deps.config));
	if (result.ok) {
		const { meta, identity } = result;
		const message =
			`Using ToolBoxAI ${meta.serverVersion} at ${result.serverUrl} (protocol ${meta.protocolVersion}) ` +
			`for tenant ${identity.tenantId}, key scopes: ${identity.scopes.join(", ")}.`;
		setStatus(deps.status, "ready", message);
		deps.info(`${LOG_PREFIX} ${message}`);
	} else {
		setStatus(deps.status, "refused", result.message);
		deps.warn(`${LOG_PREFIX} Lessons are off on this server. ${result.message}`);
	}
	return result;
}
