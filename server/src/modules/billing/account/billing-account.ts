import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/** A school's billing as stored: what Stripe last said, plus the school's own choices. */
export interface BillingAccount {
	readonly tenantId: string;
	readonly trialStartedAt: Date;
	readonly stripeCustomerId?: string;
	readonly stripeSubscriptionId?: string;
	readonly subscriptionStatus?: SubscriptionStatus;
	readonly seatsBought?: number;
	readonly seatsWanted?: number;
	readonly cancelAtPeriodEnd: boolean;
	readonly currentPeriodEnd?: Date;
	readonly subscriptionTrialEnd?: Date;
	readonly paymentMethodKind?: string;
	readonly collectionMethod: "charge_automatically" | "send_invoice";
	readonly daysUntilDue?: number;
	readonly poNumber?: string;
	readonly taxId?: string;
	readonly taxExempt: "none" | "exempt" | "reverse";
	readonly autoAddSeats: boolean;
	readonly contacts: ReadonlyArray<string>;
	readonly readOnlySince?: Date;
	readonly latestInvoiceId?: string;
	readonly latestInvoiceStatus?: string;
	readonly latestInvoiceFailedAt?: Date;
}

export const SUBSCRIPTION_STATUSES = ["trialing", "active", "incomplete", "incomplete_expired", "past_due", "unpaid", "canceled", "paused"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

interface AccountRow {
	tenant_id: string;
	trial_started_at: Date;
	stripe_customer_id: string | null;
	stripe_subscription_id: string | null;
	subscription_status: SubscriptionStatus | null;
	seats_bought: number | null;
	seats_wanted: number | null;
	cancel_at_period_end: boolean;
	current_period_end: Date | null;
	subscription_trial_end: Date | null;
	payment_method_kind: string | null;
	collection_method: "charge_automatically" | "send_invoice";
	days_until_due: number | null;
	po_number: string | null;
	tax_id: string | null;
	tax_exempt: "none" | "exempt" | "reverse";
	auto_add_seats: boolean;
	contacts: string[];
	read_only_since: Date | null;
	latest_invoice_id: string | null;
	latest_invoice_status: string | null;
	latest_invoice_failed_at: Date | null;
}

const some = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function accountOf(row: AccountRow): BillingAccount {
	return {
		tenantId: row.tenant_id,
		trialStartedAt: row.trial_started_at,
		stripeCustomerId: some(row.stripe_customer_id),
		stripeSubscriptionId: some(row.stripe_subscription_id),
		subscriptionStatus: some(row.subscription_status),
		seatsBought: some(row.seats_bought),
		seatsWanted: some(row.seats_wanted),
		cancelAtPeriodEnd: row.cancel_at_period_end,
		currentPeriodEnd: some(row.current_period_end),
		subscriptionTrialEnd: some(row.subscription_trial_end),
		paymentMethodKind: some(row.payment_method_kind),
		collectionMethod: row.collection_method,
		daysUntilDue: some(row.days_until_due),
		poNumber: some(row.po_number),
		taxId: some(row.tax_id),
		taxExempt: row.tax_exempt,
		autoAddSeats: row.auto_add_seats,
		contacts: row.contacts,
		readOnlySince: some(row.read_only_since),
		latestInvoiceId: some(row.latest_invoice_id),
		latestInvoiceStatus: some(row.latest_invoice_status),
		latestInvoiceFailedAt: some(row.latest_invoice_failed_at),
	};
}

/**
 * The school's account, made on first use inside the caller's tenant (or system) scope. The app trial starts when
 * the school was created, or when billing was first switched on for schools older than that.
 * `forUpdate` holds the row until the transaction ends: joins at the seat limit queue behind each other.
 */
export async function loadAccount(db: Sequelize, transaction: Transaction, tenantId: string, options: { forUpdate?: boolean } = {}): Promise<BillingAccount> {
	const select = async () =>
		(
			await db.query<AccountRow>(`SELECT * FROM billing_accounts WHERE tenant_id = $1${options.forUpdate === true ? " FOR UPDATE" : ""}`, {
				bind: [tenantId],
				type: QueryTypes.SELECT,
				transaction,
			})
		)[0];
	const found = await select();
	if (found !== undefined) return accountOf(found);
	await db.query("INSERT INTO billing_switched_on DEFAULT VALUES ON CONFLICT DO NOTHING", { transaction });
	await db.query(
		`INSERT INTO billing_accounts (tenant_id, trial_started_at)
		 SELECT t.id, GREATEST(t.created_at, (SELECT at FROM billing_switched_on)) FROM tenants t WHERE t.id = $1
		 ON CONFLICT (tenant_id) DO NOTHING`,
		{ bind: [tenantId], transaction },
	);
	const made = await select();
	if (made === undefined) throw new Error("The school's billing account could not be made");
	return accountOf(made);
}

/** The account a Stripe customer or subscription belongs to (system scope: a webhook names no tenant). */
export async function findTenantByStripeIds(db: Sequelize, transaction: Transaction, ids: { customerId?: string; subscriptionId?: string }): Promise<string | undefined> {
	const [row] = await db.query<{ tenant_id: string }>(
		"SELECT tenant_id FROM billing_accounts WHERE ($1::text IS NOT NULL AND stripe_subscription_id = $1) OR ($2::text IS NOT NULL AND stripe_customer_id = $2) LIMIT 1",
		{ bind: [ids.subscriptionId ?? null, ids.customerId ?? null], type: QueryTypes.SELECT, transaction },
	);
	return row?.tenant_id;
}
