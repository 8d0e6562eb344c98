import request from "supertest";
import { createTestDatabase, LEAK_PATTERN, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, signupSchool, systemQuery, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { accountRow, deliver, eventually, OLD_WEBHOOK_SECRET, startBillingApp } from "./__tests__/billing-kit";
import { FakeStripe, type StripeEvent } from "./__tests__/fake-stripe";

/** The webhook: signature (with rotation), staleness, dedupe, order of arrival, unknown types, and Stripe failing during sync. */
let database: TestDatabase;
let fake: FakeStripe;
let t: TestApp;

beforeAll(async () => {
	fake = new FakeStripe();
	await fake.start();
	database = await createTestDatabase("billing_webhook");
	t = await startBillingApp(database, fake.url);
	await t.infra.queue.start();
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
	await fake?.stop();
});

const stored = async (eventId: string) => (await systemQuery<{ event_id: string }>(t, "SELECT event_id FROM billing_stripe_events WHERE event_id = $1", [eventId])).length;

/** A school with a Checkout session at the fake (not completed yet). */
async function schoolAtCheckout(name: string): Promise<{ school: SchoolAdmin; sessionId: string }> {
	const school = await signupSchool(t, name);
	const res = await request(t.app).post("/v1/billing/checkout").set(bearer(school.token));
	expect(res.status).toBe(200);
	const session = [...fake.sessions.values()].find((s) => s.url === res.body.url);
	return { school, sessionId: session?.id ?? "" };
}

describe("POST /v1/billing/stripe/webhook", () => {
	it("takes a signed event, stores its id and syncs the school from Stripe", async () => {
		const { school, sessionId } = await schoolAtCheckout("Webhook Valid School");
		const [completed] = fake.completeCheckout(sessionId, 12) as [StripeEvent];
		const res = await deliver(t, completed);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ received: true });
		expect(await stored(completed.id)).toBe(1);
		await eventually("synced", async () => ((await accountRow(t, school.tenantId))?.subscription_status === "active" ? true : undefined));
		expect((await accountRow(t, school.tenantId))?.seats_bought).toBe(12);
	});

	it("refuses a bad signature, a stale timestamp and a missing header with 400, storing nothing", async () => {
		const event = fake.event("invoice.paid", { id: "in_nope", object: "invoice", customer: "cus_nope" });
		const forged = await deliver(t, event, { secret: "whsec_someone_else" });
		expect(forged.status).toBe(400);
		expect(forged.body.error.code).toBe("bad_request");
		const stale = await deliver(t, event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
		expect(stale.status).toBe(400);
		expect(stale.body.error.message).toMatch(/too old/);
		const unsigned = await request(t.app).post("/v1/billing/stripe/webhook").set("Content-Type", "application/json").send(JSON.stringify(event));
		expect(unsigned.status).toBe(400);
		expect(await stored(event.id)).toBe(0);
	});

	it("answers garbage bodies with documented 4xx codes and no internals", async () => {
		for (const body of ["not json", "[1,2]", "{"]) {
			const res = await request(t.app).post("/v1/billing/stripe/webhook").set("Content-Type", "application/json").set("Stripe-Signature", "t=1,v1=00").send(body);
			expect([400, 422]).toContain(res.status);
			expect(JSON.stringify(res.body)).not.toMatch(LEAK_PATTERN);
		}
	});

	it("accepts the previous secret during a rotation", async () => {
		const event = fake.event("customer.subscription.updated", { id: "sub_unknown_rotation", object: "subscription", customer: "cus_unknown_rotation", metadata: {} });
		const res = await deliver(t, event, { secret: OLD_WEBHOOK_SECRET });
		expect(res.status).toBe(200);
		expect(await stored(event.id)).toBe(1);
	});

	it("takes a duplicate delivery once: the second answers 200 and does nothing", async () => {
		const event = fake.event("customer.subscription.updated", { id: "sub_dup", object: "subscription", customer: "cus_dup", metadata: {} });
		const first = await deliver(t, event);
		const second = await deliver(t, event);
		expect(first.body).toEqual({ received: true });
		expect(second.status).toBe(200);
		expect(second.body).toEqual({ received: true, duplicate: true });
		expect(await stored(event.id)).toBe(1);
	});

	it("answers an event type it does not use with 200 and ignores it", async () => {
		const event = fake.event("customer.tax_id.created", { id: "txi_1", object: "tax_id" });
		const res = await deliver(t, event);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ received: true, ignored: true });
		expect(await stored(event.id)).toBe(0);
	});

	it("ends in Stripe's state whatever the order: updated before created, paid before payment_failed", async () => {
		const { school, sessionId } = await schoolAtCheckout("Webhook Order School");
		const [completed, created, paid] = fake.completeCheckout(sessionId, 8) as [StripeEvent, StripeEvent, StripeEvent];
		const subscription = [...fake.subscriptions.values()].find((s) => s.customer === (completed.data as { object: { customer: string } }).object.customer);
		const [failed, updatedPastDue] = fake.failRenewal(subscription?.id ?? "") as [StripeEvent, StripeEvent];
		const [paidAgain, updatedActive] = fake.payLatest(subscription?.id ?? "") as [StripeEvent, StripeEvent];
		for (const event of [updatedActive, paidAgain, updatedPastDue, created, failed, paid, completed]) expect((await deliver(t, event)).status).toBe(200);
		await eventually("all events synced", async () => {
			const row = await accountRow(t, school.tenantId);
			return row?.subscription_status === "active" && row.seats_bought === 8 ? row : undefined;
		});
		// Whatever arrived last, the school ends as Stripe has it: active, nothing failing.
		await eventually("no failure recorded", async () => ((await accountRow(t, school.tenantId))?.latest_invoice_failed_at === null ? true : undefined));
	});

	it("keeps the last known state while Stripe fails (429, 5xx), and syncs once it answers again", async () => {
		const { school, sessionId } = await schoolAtCheckout("Webhook Fault School");
		const events = fake.completeCheckout(sessionId, 5);
		const subscription = [...fake.subscriptions.values()].at(-1);
		for (const event of events) await deliver(t, event);
		await eventually("active", async () => ((await accountRow(t, school.tenantId))?.subscription_status === "active" ? true : undefined));
		const before = fake.requests.length;
		fake.failNext(429, 3);
		fake.failNext(503, 5);
		const [failed] = fake.failRenewal(subscription?.id ?? "") as [StripeEvent];
		expect((await deliver(t, failed)).status).toBe(200);
		await eventually("the sync met the first fault", async () => (fake.requests.length > before ? true : undefined));
		// While Stripe still fails (faults left after the state was read), the school keeps its last known state.
		const during = (await accountRow(t, school.tenantId))?.subscription_status;
		expect(fake.faultsLeft).toBeGreaterThan(0);
		expect(during).toBe("active");
		await eventually("past_due after retries", async () => ((await accountRow(t, school.tenantId))?.subscription_status === "past_due" ? true : undefined), 60_000);
	}, 90_000);
});
