import type { Request } from "express";
import { AppError } from "../../http/app-error";

/** Who starts a deployment: a signed-in admin (dashboard, Studio) or an API key (CI, the CLI). */
export interface DeploymentActor {
	readonly tenantId: string;
	readonly userId?: string;
	readonly apiKeyId?: string;
}

export function deploymentActor(req: Request): DeploymentActor {
	const principal = req.principal;
	if (principal?.kind === "user") return { tenantId: principal.tenantId, userId: principal.userId };
	if (principal?.kind === "api_key") return { tenantId: principal.tenantId, apiKeyId: principal.apiKeyId };
	throw new AppError("unauthenticated", "Sign in or send an API key first.");
}
