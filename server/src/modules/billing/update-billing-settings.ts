import type { BillingOverview, BillingSettingsUpdate } from "@toolboxai/shared";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { auditedBy, recordAudit } from "../audit";
import { loadAccount } from "./account/billing-account";
import type { BillingDeps } from "./billing-deps";
import { billingStateChanged } from "./billing-state-changed";
import { getBillingOverview } from "./get-billing-overview";
import { invoiceFieldsOf } from "./stripe/ensure-customer";
import { stripeClient } from "./stripe/stripe-client";
import { upstream } from "./stripe/upstream";
import { isReadOnlyStatus } from "./sync/subscription-fields";

const blankToNull = (value: string | undefined): string | null | undefined => (value === undefined ? undefined : value.trim() === "" ? null : value.trim());

/**
 * The school's billing choices: auto-add seats, billing contacts, card or invoice (net days), PO number, tax id and
 * exemption. Stored here and, once the school is a Stripe customer, pushed to its customer and subscription.
 */
export async function updateBillingSettings(deps: BillingDeps, caller: UserCaller, input: BillingSettingsUpdate): Promise<BillingOverview> {
	const db = deps.infra.db;
	if (input.paymentMethod === "invoice" && input.daysUntilDue === undefined) {
		throw new AppError("validation_failed", "Paying by invoice needs daysUntilDue (e.g. 30): the days a school has to pay each invoice.", {
			issues: [{ path: "/daysUntilDue", message: "is required when paymentMethod is invoice" }],
		});
	}
	const contacts = input.contacts === undefined ? undefined : [...new Set(input.contacts.map((email) => email.trim().toLowerCase()))];
	const account = await withTenant(db, caller.tenantId, async (transaction) => {
		await loadAccount(db, transaction, caller.tenantId);
		await db.query(
			`UPDATE billing_accounts SET auto_add_seats = COALESCE($2, auto_add_seats), contacts = COALESCE($3::jsonb, contacts),
			 collection_method = COALESCE($4, collection_method), days_until_due = CASE WHEN $4 = 'charge_automatically' THEN NULL ELSE COALESCE($5, days_until_due) END,
			 po_number = CASE WHEN $6::boolean THEN $7 ELSE po_number END, tax_id = CASE WHEN $8::boolean THEN $9 ELSE tax_id END,
			 tax_exempt = COALESCE($10, tax_exempt), updated_at = now()
			 WHERE tenant_id = $1`,
			{
				bind: [
					caller.tenantId,
					input.autoAddSeats ?? null,
					contacts === undefined ? null : JSON.stringify(contacts),
					input.paymentMethod === undefined ? null : input.paymentMethod === "invoice" ? "send_invoice" : "charge_automatically",
					input.daysUntilDue ?? null,
					input.poNumber !== undefined,
					blankToNull(input.poNumber) ?? null,
					input.taxId !== undefined,
					blankToNull(input.taxId) ?? null,
					input.taxExempt ?? null,
				],
				transaction,
			},
		);
		// Which fields changed, never their values: contacts are personal data.
		await recordAudit(
			db,
			{ action: "billing.settings_changed", ...auditedBy(caller), targetType: "tenant", targetId: caller.tenantId, details: { fields: Object.keys(input).sort() } },
			{ transaction },
		);
		return loadAccount(db, transaction, caller.tenantId);
	});
	const settings = deps.config.billing;
	if (settings !== undefined && account.stripeCustomerId !== undefined) {
		const stripe = stripeClient(settings);
		const customerId = account.stripeCustomerId;
		await upstream("update the school's customer", () =>
			stripe.customers.update(customerId, {
				...(account.contacts[0] === undefined ? {} : { email: account.contacts[0] }),
				tax_exempt: account.taxExempt,
				invoice_settings: { custom_fields: invoiceFieldsOf(account) },
			}),
		);
		const subscriptionId = account.stripeSubscriptionId;
		if (subscriptionId !== undefined && input.paymentMethod !== undefined && account.subscriptionStatus !== undefined && !isReadOnlyStatus(account.subscriptionStatus)) {
			await upstream("change how the school pays", () =>
				stripe.subscriptions.update(
					subscriptionId,
					account.collectionMethod === "send_invoice"
						? { collection_method: "send_invoice", days_until_due: account.daysUntilDue ?? 30 }
						: { collection_method: "charge_automatically" },
				),
			);
		}
	}
	await billingStateChanged(deps, caller.tenantId, "settings changed", account.subscriptionStatus);
	return getBillingOverview(deps, caller);
}
