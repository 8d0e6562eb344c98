/** Test helpers for billing: an app with Stripe pointed at a local server, signed event delivery, waiting for a condition. */
import Stripe from "stripe";
import request from "supertest";
import { startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { systemQuery } from "../../tenancy/__tests__/tenancy-fixtures";

export const WEBHOOK_SECRET = "whsec_test_current";
export const OLD_WEBHOOK_SECRET = "whsec_test_previous";
export const PRICE_ID = "price_seat";

export function billingEnv(stripeUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		STRIPE_SECRET_KEY: "sk_test_123",
		STRIPE_WEBHOOK_SECRET: `${WEBHOOK_SECRET},${OLD_WEBHOOK_SECRET}`,
		STRIPE_PRICE_ID: PRICE_ID,
		STRIPE_API_URL: stripeUrl,
		BILLING_TRIAL_SEATS: "5",
		...extra,
	};
}

export function startBillingApp(database: TestDatabase, stripeUrl: string, extra: NodeJS.ProcessEnv = {}): Promise<TestApp> {
	return startTestApp({ database, env: billingEnv(stripeUrl, extra) });
}

const signer = new Stripe("sk_test_123");

/** Sends an event to the webhook signed the way Stripe signs (the SDK's test header helper). */
export function deliver(t: TestApp, event: object, options: { secret?: string; timestamp?: number } = {}): request.Test {
	const payload = JSON.stringify(event);
	const header = signer.webhooks.generateTestHeaderString({
		payload,
		secret: options.secret ?? WEBHOOK_SECRET,
		...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
	});
	return request(t.app).post("/v1/billing/stripe/webhook").set("Content-Type", "application/json").set("Stripe-Signature", header).send(payload);
}

/** Polls until `check` returns something other than undefined (generous bound: the queue and Stripe calls are real). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export interface AccountRow {
	subscription_status: string | null;
	seats_bought: number | null;
	stripe_customer_id: string | null;
	stripe_subscription_id: string | null;
	read_only_since: Date | null;
	latest_invoice_failed_at: Date | null;
	cancel_at_period_end: boolean;
}

export async function accountRow(t: TestApp, tenantId: string): Promise<AccountRow | undefined> {
	const [row] = await systemQuery<AccountRow>(t, "SELECT * FROM billing_accounts WHERE tenant_id = $1", [tenantId]);
	return row;
}
