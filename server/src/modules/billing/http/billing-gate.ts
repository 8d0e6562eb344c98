import type { RequestHandler } from "express";
import type { Access } from "../../../access/access";
import type { AppDependencies } from "../../../http/app-module";
import { callerOf } from "../../../http/request-context";
import { checkBilling, guardedActionOf } from "../entitlements/billing-guard";

/**
 * Runs after authentication on every non-public route: applies the school's billing standing to what the route
 * does (staff writes, the game's play and joins). app.ts chains it behind the authenticator.
 */
export function billingGate(deps: Pick<AppDependencies, "config" | "infra">, access: Exclude<Access, { kind: "public" }>): RequestHandler {
	return async (req, _res, next) => {
		if (deps.config.billing === undefined) return next();
		const action = guardedActionOf(access, req.method);
		if (action === undefined) return next();
		await checkBilling(deps, callerOf(req).tenantId, action);
		next();
	};
}
