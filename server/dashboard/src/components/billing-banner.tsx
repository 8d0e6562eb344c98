import { useState } from "react";
import type { BillingOverview } from "@toolboxai/shared";
import { getBilling } from "../api/billing";
import { useAuth } from "../auth";
import { useLoad } from "../hooks/use-load";
import { useBillingState } from "../live/use-billing-state";
import { Link, useLocation } from "../router";

/** What each banner says; every one links to the Billing page. */
export function bannerText(banner: BillingOverview["banners"][number], overview: BillingOverview): string {
	switch (banner) {
		case "payment_failed":
			return "A payment failed. Update the payment method before access is limited.";
		case "finish_payment":
			return "The first payment is not finished. Complete it to keep working.";
		case "trial_ending":
			return `The trial ends in ${overview.trialDaysLeft ?? 0} day${overview.trialDaysLeft === 1 ? "" : "s"}. Subscribe to keep working.`;
		case "seats_nearly_used":
			return `${overview.seatsUsed} of ${overview.seatsBought ?? 0} student seats are used. New students are refused once all are taken.`;
		case "read_only":
			return "The school is read-only: its subscription or trial has ended. Subscribe to create classes and lessons again.";
	}
}

/** For school admins, on every page: what needs their attention in billing (read again on each page change). */
export function BillingBanner() {
	const location = useLocation();
	const { state } = useAuth();
	const [resyncs, setResyncs] = useState(0);
	// A subscription change (or missed events) re-reads the details at once: the banner appears or goes without a reload.
	const live = useBillingState(state.status === "signed-in" ? state.me.tenant.id : undefined, () => setResyncs((n) => n + 1));
	const billing = useLoad(getBilling, [location.pathname, live?.changedAt, resyncs], () => "");
	const overview = billing.data;
	if (overview === undefined || !overview.enabled || overview.banners.length === 0 || location.pathname === "/billing") return null;
	return (
		<div className="billing-banner" role="status" aria-label="Billing">
			{overview.banners.map((banner) => (
				<p key={banner}>
					{bannerText(banner, overview)} <Link href="/billing">Billing</Link>
				</p>
			))}
		</div>
	);
}
