import { type BILLING_STATES, REALTIME_EVENTS, schoolChannel } from "@toolboxai/shared";
import type { Infrastructure } from "../../infrastructure.types";

export type BillingState = (typeof BILLING_STATES)[number];

/**
 * Tells the school's dashboards that its subscription changed state (the billing banner re-reads the details).
 * For the billing module to call after it commits the change; best effort, never throws.
 */
export function announceBillingState(deps: { readonly infra: Pick<Infrastructure, "realtime"> }, tenantId: string, status: BillingState): Promise<void> {
	return deps.infra.realtime.publish(schoolChannel(tenantId), REALTIME_EVENTS.billingStateChanged, { status, changedAt: new Date().toISOString() });
}
