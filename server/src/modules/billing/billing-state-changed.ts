import type { Logger } from "pino";
import { forgetCachedAccount } from "./entitlements/billing-guard";

/**
 * Called once after a school's billing state was written (sync from Stripe, settings, seats). Drops this instance's
 * cached account and announces the change; the live event to dashboards hangs off this one function.
 */
export function billingStateChanged(deps: { logger: Logger }, tenantId: string, what: string): void {
	forgetCachedAccount(tenantId);
	deps.logger.info({ tenantId, what }, "billing state changed");
}
