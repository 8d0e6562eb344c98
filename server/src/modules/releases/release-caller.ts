import type { Request } from "express";
import { AppError } from "../../http/app-error";
import { requestTrace } from "../tenancy/request-context";

/** Who acts on releases: a signed-in person (dashboard, Studio) or an API key (CI, the CLI). From the principal only. */
export interface ReleaseCaller {
	readonly tenantId: string;
	readonly userId?: string;
	readonly apiKeyId?: string;
	readonly ip?: string;
	readonly requestId?: string;
}

export function releaseCaller(req: Request): ReleaseCaller {
	const principal = req.principal;
	if (principal?.kind === "user") return { tenantId: principal.tenantId, userId: principal.userId, ...requestTrace(req) };
	if (principal?.kind === "api_key") return { tenantId: principal.tenantId, apiKeyId: principal.apiKeyId, ...requestTrace(req) };
	throw new AppError("unauthenticated", "Sign in or send an API key first.");
}
