import type { BillingSettings } from "../../config/config";
import { AppError } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";

/** What billing's operations and jobs use of the app. */
export type BillingDeps = Pick<AppDependencies, "config" | "infra" | "logger">;

/** The settings when billing is on; operations that need Stripe refuse plainly when it is off. */
export function requireBilling(deps: Pick<AppDependencies, "config">): BillingSettings {
	const settings = deps.config.billing;
	if (settings === undefined) throw new AppError("conflict", "Billing is off on this service (no STRIPE_SECRET_KEY): there is nothing to pay.");
	return settings;
}
