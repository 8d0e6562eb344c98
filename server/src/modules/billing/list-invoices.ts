import type { BillingInvoice, BillingInvoiceList } from "@toolboxai/shared";
import type Stripe from "stripe";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { loadAccount } from "./account/billing-account";
import type { BillingDeps } from "./billing-deps";
import { stripeClient } from "./stripe/stripe-client";

const STATUSES = ["draft", "open", "paid", "uncollectible", "void"] as const;

function invoiceOf(invoice: Stripe.Invoice): BillingInvoice {
	const status = (STATUSES as ReadonlyArray<string>).includes(invoice.status ?? "") ? (invoice.status as BillingInvoice["status"]) : "draft";
	return {
		id: invoice.id ?? "",
		...(invoice.number === null ? {} : { number: invoice.number }),
		createdAt: new Date(invoice.created * 1000).toISOString(),
		amountDue: Math.max(0, invoice.amount_due),
		currency: invoice.currency,
		status,
		...(invoice.hosted_invoice_url === null || invoice.hosted_invoice_url === undefined ? {} : { hostedUrl: invoice.hosted_invoice_url }),
		...(invoice.invoice_pdf === null || invoice.invoice_pdf === undefined ? {} : { pdfUrl: invoice.invoice_pdf }),
	};
}

/** The school's invoices, newest first, read from Stripe (the school's hosted page and PDF links included). */
export async function listInvoices(deps: BillingDeps, caller: UserCaller, _input: Record<string, never> = {}): Promise<BillingInvoiceList> {
	const settings = deps.config.billing;
	if (settings === undefined) return { items: [] };
	const db = deps.infra.db;
	const account = await withTenant(db, caller.tenantId, (transaction) => loadAccount(db, transaction, caller.tenantId));
	if (account.stripeCustomerId === undefined) return { items: [] };
	const page = await stripeClient(settings).invoices.list({ customer: account.stripeCustomerId, limit: 24 });
	return { items: page.data.filter((invoice) => invoice.id !== undefined).map(invoiceOf) };
}
