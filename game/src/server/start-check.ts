import { type Meta, RuntimeWhoAmI } from "@toolboxai/shared";
import { SERVER_URL_ATTRIBUTE, STATUS_ATTRIBUTE, STATUS_MESSAGE_ATTRIBUTE, type ServiceStatus } from "shared/attributes";
import { type ProbeFailure, probeServer } from "@toolboxai/shared/out/luau";
import { backoffDelay, type BackoffOptions } from "./progress/backoff";
import { createServiceClient, type ServiceClient, type ServiceFailure, type ServiceHttp } from "./service-client";

/**
 * What a game server does before it uses the ToolBoxAI service: read the configured address, ask the server for
 * its protocol version (refusing, with a plain line naming both versions, when it does not match), then prove the
 * experience's API key with GET /v1/runtime/whoami: which school it belongs to and what it may do.
 * A service that cannot be reached (or answers 5xx / 429) is asked again with backoff and jitter until it answers
 * (`runStartCheckUntilDone`); a refusal a retry cannot change (no address, another protocol, no key, a refused key)
 * ends the check. Engine services come in as parameters; main.server.ts passes the real ones.
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
	/** Holds the SERVER_URL_ATTRIBUTE and receives the full status message (ServerScriptService: never replicated). */
	readonly config: Instance;
	/** Receives the status word only (ReplicatedStorage, so clients can show it): no address, school or scopes. */
	readonly status: Instance;
	readonly info: (line: string) => void;
	readonly warn: (line: string) => void;
	/** This server's game.JobId, sent so the service limits requests per game server (empty in Studio: not sent). */
	readonly jobId?: string;
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

export function checkServer(http: ServiceHttp, serverUrl: string | undefined, jobId?: string): StartCheck {
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

	const created = createServiceClient(http, probe.serverUrl, jobId);
	if (!created.ok) return { ok: false, reason: created.reason, message: created.message };
	const whoami = created.client.call({ method: "GET", path: WHOAMI_PATH, schema: RuntimeWhoAmI });
	if (!whoami.ok) return { ok: false, reason: whoami.reason, message: whoami.message };
	return { ok: true, serverUrl: probe.serverUrl, meta: probe.meta, identity: whoami.value, client: created.client };
}

/** The word for clients on `deps.status`; the full message only on `deps.config` (server side). */
export function publishStatus(deps: Pick<StartCheckDeps, "config" | "status">, status: ServiceStatus, message: string) {
	deps.status.SetAttribute(STATUS_ATTRIBUTE, status);
	deps.config.SetAttribute(STATUS_MESSAGE_ATTRIBUTE, message);
}

type Refusal = Extract<StartCheck, { ok: false }>["reason"];

/** Failures a later try can end: nothing answered, the service failed (5xx), held back (429), or something in front of it answered. */
const RETRYABLE: ReadonlySet<Refusal> = new Set<Refusal>(["server_down", "server_error", "rate_limited", "bad_reply", "not_toolboxai"]);

export function isRetryable(result: StartCheck): boolean {
	return !result.ok && RETRYABLE.has(result.reason);
}

/** One check: publishes "ready", "offline" (worth another try) or "refused", and logs one plain line. Yields for HTTP. */
export function runStartCheck(deps: StartCheckDeps): StartCheck {
	const result = checkServer(deps.http, readServerUrl(deps.config), deps.jobId);
	if (result.ok) {
		const { meta, identity } = result;
		const message =
			`Using ToolBoxAI ${meta.serverVersion} at ${result.serverUrl} (protocol ${meta.protocolVersion}) ` +
			`for tenant ${identity.tenantId}, key scopes: ${identity.scopes.join(", ")}.`;
		publishStatus(deps, "ready", message);
		deps.info(`${LOG_PREFIX} ${message}`);
	} else if (isRetryable(result)) {
		publishStatus(deps, "offline", result.message);
		deps.warn(`${LOG_PREFIX} The service cannot be reached yet: lessons come from the deployed release and progress is kept. ${result.message}`);
	} else {
		publishStatus(deps, "refused", result.message);
		deps.warn(`${LOG_PREFIX} Lessons are off on this server. ${result.message}`);
	}
	return result;
}

export interface StartCheckLoopDeps extends StartCheckDeps {
	/** Yields (task.wait in the game). */
	readonly sleep: (seconds: number) => void;
	/** In [0, 1): the jitter, so an experience's servers that started in one outage do not all ask at once after it. */
	readonly random: () => number;
	/** Waits between tries; default 5 s doubling up to 120 s. */
	readonly retry?: BackoffOptions;
	/** Called after each try (the boot marks the server offline after a retryable failure). */
	readonly onTry?: (result: StartCheck) => void;
}

export const DEFAULT_START_RETRY: BackoffOptions = { base: 5, cap: 120 };

/** Runs the check until it passes or is refused for a reason a retry cannot change. Yields meanwhile. */
export function runStartCheckUntilDone(deps: StartCheckLoopDeps): StartCheck {
	publishStatus(deps, "checking", "");
	const retry = deps.retry ?? DEFAULT_START_RETRY;
	for (let attempt = 1; ; attempt++) {
		const result = runStartCheck(deps);
		deps.onTry?.(result);
		if (!isRetryable(result)) return result;
		const wait = backoffDelay(attempt, deps.random(), retry);
		deps.info(`${LOG_PREFIX} Asking the service again in ${math.ceil(wait)} s (try ${attempt + 1}).`);
		deps.sleep(wait);
	}
}
