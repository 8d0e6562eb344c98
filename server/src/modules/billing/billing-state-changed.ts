import { REALTIME_EVENTS, schoolChannel } from "@toolboxai/shared";
import type { Logger } from "pino";
import type { Infrastructure } from "../../infrastructure.types";
import type { SubscriptionStatus } from "./account/billing-account";
import { forgetCachedAccount } from "./entitlements/billing-guard";

/**
 * Called once after a school's billing state was written (sync from Stripe, settings, seats). Drops this instance's
 * cached account and tells the school's dashboards (the billing banner re-reads the details); the announcement is
 * best effort and never fails the change.
 */
export async function billingStateChanged(
	deps: { readonly logger: Logger; readonly infra: Pick<Infrastructure, "realtime"> },
	tenantId: string,
	what: string,
	status: SubscriptionStatus | undefined,
): Promise<void> {
	forgetCachedAccount(tenantId);
	deps.logger.info({ tenantId, what }, "billing state changed");
	// Straight onto the event bus (the realtime module reads classes, which reads billing: no import back).
	await deps.infra.realtime.publish(schoolChannel(tenantId), REALTIME_EVENTS.billingStateChanged, { status: status ?? "none", changedAt: new Date().toISOString() });
}
