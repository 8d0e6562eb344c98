import type { BillingOverview } from "@toolboxai/shared";
import { useState } from "react";
import { ApiError, describeError } from "../../api/errors";
import { getBilling, listInvoices, openPortal, resumeSubscription, startCheckout } from "../../api/billing";
import { bannerText } from "../../components/billing-banner";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { BillingSettingsForm } from "./billing-settings-form";
import { InvoiceTable } from "./invoice-table";

function refusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 403 ? "Only school administrators can see billing." : describeError(caught);
}

const PAYMENT_WORDS: Record<BillingOverview["paymentMethod"], string> = { card: "Card", invoice: "Invoice (purchase order)", none: "None yet" };

/** Sends the browser to the page Stripe made (Checkout or the Portal). */
function goTo(url: string): void {
	window.location.assign(url);
}

export function BillingPage() {
	const billing = useLoad(getBilling, [], refusal);
	const [saved, setSaved] = useState<BillingOverview>();
	const overview = saved ?? billing.data;
	const invoices = useLoad(async () => (overview?.enabled === true ? listInvoices() : []), [overview?.enabled], refusal);
	const stripe = useAction();
	const resume = useAction();

	return (
		<Page title="Billing" wide>
			{billing.error !== undefined && <Alert>{billing.error}</Alert>}
			{billing.loading && <Loading label="Loading billing…" />}
			{overview !== undefined && !overview.enabled && <p className="lead">Billing is off on this service: everything is available, and there is nothing to pay.</p>}
			{overview?.enabled === true && (
				<>
					<p className="lead" data-testid="billing-status">
						{overview.statusText}
					</p>
					{overview.banners.map((banner) => (
						<Notice key={banner}>{bannerText(banner, overview)}</Notice>
					))}
					<dl className="facts card">
						<dt>Plan</dt>
						<dd>Per student seat</dd>
						{overview.trialDaysLeft !== undefined && (
							<>
								<dt>Trial days left</dt>
								<dd>{overview.trialDaysLeft}</dd>
							</>
						)}
						<dt>Seats used / bought</dt>
						<dd>
							{overview.seatsUsed} / {overview.seatsBought ?? "—"}
						</dd>
						<dt>Payment method</dt>
						<dd>{PAYMENT_WORDS[overview.paymentMethod]}</dd>
						{overview.currentPeriodEnd !== undefined && (
							<>
								<dt>{overview.cancelAtPeriodEnd ? "Ends on" : "Renews on"}</dt>
								<dd>{formatTime(overview.currentPeriodEnd)}</dd>
							</>
						)}
						{overview.readOnlySince !== undefined && (
							<>
								<dt>Read-only since</dt>
								<dd>{formatTime(overview.readOnlySince)}</dd>
								<dt>Students can play until</dt>
								<dd>{formatTime(overview.gamePlayEndsAt)}</dd>
							</>
						)}
					</dl>
					{stripe.error !== undefined && <Alert>{stripe.error}</Alert>}
					{resume.error !== undefined && <Alert>{resume.error}</Alert>}
					<div className="actions">
						<button type="button" className="button primary" disabled={stripe.busy} onClick={() => void stripe.run(async () => goTo((await startCheckout()).url), "checkout")}>
							{stripe.running === "checkout" ? "Opening Stripe…" : "Subscribe or change seats"}
						</button>
						<button type="button" className="button" disabled={stripe.busy} onClick={() => void stripe.run(async () => goTo((await openPortal()).url), "portal")}>
							{stripe.running === "portal" ? "Opening Stripe…" : "Manage payment method and invoices"}
						</button>
						{overview.cancelAtPeriodEnd && (
							<button type="button" className="button" disabled={resume.busy} onClick={() => void resume.run(async () => setSaved(await resumeSubscription()))}>
								Resume subscription
							</button>
						)}
					</div>
					<BillingSettingsForm key={JSON.stringify(overview)} overview={overview} onSaved={setSaved} />
					<h2>Invoices</h2>
					{invoices.error !== undefined && <Alert>{invoices.error}</Alert>}
					{invoices.loading && <Loading label="Loading invoices…" />}
					{invoices.data !== undefined && <InvoiceTable invoices={invoices.data} />}
				</>
			)}
		</Page>
	);
}
