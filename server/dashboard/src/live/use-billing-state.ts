import { type BillingStateChangedEvent, REALTIME_EVENTS, schoolChannel } from "@toolboxai/shared";
import { useState } from "react";
import { useLiveChannel } from "./live-provider";

/**
 * The school's subscription state as live updates report it (undefined until a change arrives): the billing banner
 * reads it to appear or go away without a reload. "resync" means re-read the billing details.
 */
export function useBillingState(tenantId: string | undefined, onResync?: () => void): BillingStateChangedEvent | undefined {
	const [latest, setLatest] = useState<BillingStateChangedEvent | undefined>();
	useLiveChannel(tenantId === undefined ? undefined : schoolChannel(tenantId), (event) => {
		if (event === "resync") return onResync?.();
		if (event.event === REALTIME_EVENTS.billingStateChanged) setLatest(event.data as BillingStateChangedEvent);
	});
	return latest;
}
