import { QueryTypes, type Sequelize } from "sequelize";
import type Stripe from "stripe";
import { withTenant } from "../../../db/tenant-scope";
import type { BillingAccount } from "../account/billing-account";
import { upstream } from "./upstream";

/** What the school's invoices show besides the amount: its purchase-order number and tax id. */
export function invoiceFieldsOf(account: Pick<BillingAccount, "poNumber" | "taxId">): Stripe.CustomerUpdateParams.InvoiceSettings.CustomField[] {
	return [
		...(account.poNumber === undefined ? [] : [{ name: "PO number", value: account.poNumber }]),
		...(account.taxId === undefined ? [] : [{ name: "Tax ID", value: account.taxId }]),
	];
}

/** The school's Stripe customer, made once (idempotent per school) with the school's id in its metadata. */
export async function ensureCustomer(db: Sequelize, stripe: Stripe, account: BillingAccount): Promise<string> {
	if (account.stripeCustomerId !== undefined) return account.stripeCustomerId;
	const [tenant] = await withTenant(db, account.tenantId, (transaction) =>
		db.query<{ name: string }>("SELECT name FROM tenants WHERE id = $1", { bind: [account.tenantId], type: QueryTypes.SELECT, transaction }),
	);
	const customer = await upstream("create the school's customer", () =>
		stripe.customers.create(
			{
				name: tenant?.name ?? "School",
				...(account.contacts[0] === undefined ? {} : { email: account.contacts[0] }),
				metadata: { tenantId: account.tenantId },
				tax_exempt: account.taxExempt,
				invoice_settings: { custom_fields: invoiceFieldsOf(account) },
			},
			{ idempotencyKey: `customer-${account.tenantId}` },
		),
	);
	await withTenant(db, account.tenantId, (transaction) =>
		db.query("UPDATE billing_accounts SET stripe_customer_id = COALESCE(stripe_customer_id, $2), updated_at = now() WHERE tenant_id = $1", {
			bind: [account.tenantId, customer.id],
			transaction,
		}),
	);
	return customer.id;
}
