import { BillingInvoiceList, BillingOverview, BillingRedirect, ClassJoinStatus, type BillingInvoice, type BillingSettingsUpdate } from "@toolboxai/shared";
import { call } from "./client";

/** The billing endpoints the dashboard uses, in one place. */
export const BILLING_PATHS = {
	overview: "/v1/billing",
	invoices: "/v1/billing/invoices",
	checkout: "/v1/billing/checkout",
	portal: "/v1/billing/portal",
	resume: "/v1/billing/resume",
	joinStatus: "/v1/billing/join-status",
} as const;

export function getBilling(): Promise<BillingOverview> {
	return call(BillingOverview, "GET", BILLING_PATHS.overview, { auth: true });
}

export async function listInvoices(): Promise<BillingInvoice[]> {
	return (await call(BillingInvoiceList, "GET", BILLING_PATHS.invoices, { auth: true })).items;
}

export function updateBilling(request: BillingSettingsUpdate): Promise<BillingOverview> {
	return call(BillingOverview, "PATCH", BILLING_PATHS.overview, { auth: true, body: request });
}

export function startCheckout(): Promise<BillingRedirect> {
	return call(BillingRedirect, "POST", BILLING_PATHS.checkout, { auth: true });
}

export function openPortal(): Promise<BillingRedirect> {
	return call(BillingRedirect, "POST", BILLING_PATHS.portal, { auth: true });
}

export function resumeSubscription(): Promise<BillingOverview> {
	return call(BillingOverview, "POST", BILLING_PATHS.resume, { auth: true });
}

/** For teachers: whether new students can join now, and why not. */
export function getJoinStatus(): Promise<ClassJoinStatus> {
	return call(ClassJoinStatus, "GET", BILLING_PATHS.joinStatus, { auth: true });
}
