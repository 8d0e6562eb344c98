/** Who is acting on environments: from the principal, never from the request. */
export interface EnvironmentCaller {
	readonly tenantId: string;
	readonly userId: string;
	readonly ip?: string;
	readonly requestId?: string;
}

export function auditTrace(caller: EnvironmentCaller): { ip?: string; requestId?: string } {
	return { ...(caller.ip === undefined ? {} : { ip: caller.ip }), ...(caller.requestId === undefined ? {} : { requestId: caller.requestId }) };
}
