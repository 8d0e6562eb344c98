import type { ApiKeyScope, Role } from "@toolboxai/shared";

/** Where a request came from, as the audit log keeps it: the client address and the request id, nothing more. */
export interface Origin {
	readonly ip?: string;
	readonly requestId?: string;
}

export interface UserActor {
	readonly kind: "user";
	readonly userId: string;
	readonly roles: ReadonlyArray<Role>;
	/** The refresh-token family this access token belongs to; revoking it ends the session. */
	readonly sessionId: string;
}

export interface ApiKeyActor {
	readonly kind: "api_key";
	readonly apiKeyId: string;
	readonly scopes: ReadonlyArray<ApiKeyScope>;
}

/** Work the service does on its own behalf (jobs, sweeps, seeding): no person or key to blame or check. */
export interface SystemActor {
	readonly kind: "system";
	/** What the work is, for logs and audit (e.g. "deployment-sweep"). */
	readonly task: string;
}

export type Actor = UserActor | ApiKeyActor | SystemActor;

/**
 * Who is calling, made once per request by authentication (never from the URL or body) and passed to every
 * operation as `(deps, caller, input)`. Data access takes the tenant from here only.
 */
export interface Caller<A extends Actor = Actor> {
	readonly tenantId: string;
	readonly actor: A;
	readonly origin: Origin;
}

export type UserCaller = Caller<UserActor>;
export type ApiKeyCaller = Caller<ApiKeyActor>;

export function isUserCaller(caller: Caller): caller is UserCaller {
	return caller.actor.kind === "user";
}

export function isApiKeyCaller(caller: Caller): caller is ApiKeyCaller {
	return caller.actor.kind === "api_key";
}

/** The caller for work the service starts itself, inside one tenant. */
export function systemCaller(tenantId: string, task: string, origin: Origin = {}): Caller<SystemActor> {
	return { tenantId, actor: { kind: "system", task }, origin };
}

/** What the audit log records about where a change came from: only the fields that are known. */
export function auditOrigin(from: Caller | Origin): Origin {
	const origin: Origin = "actor" in from ? from.origin : from;
	return { ...(origin.ip === undefined ? {} : { ip: origin.ip }), ...(origin.requestId === undefined ? {} : { requestId: origin.requestId }) };
}

/** The person behind a change, for audit rows' actor column (undefined for keys and the system). */
export function actorUserId(caller: Caller): string | undefined {
	return caller.actor.kind === "user" ? caller.actor.userId : undefined;
}
