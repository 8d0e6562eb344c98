import { REALTIME_EVENTS, schoolChannel } from "@toolboxai/shared";
import request from "supertest";
import { REALTIME_TOPIC, type RealtimeMessage } from "../../integrations/realtime/realtime-message";
import { createTestDatabase, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, countMails, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { joinAs, runtimeSchool, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { accountRow, deliver, eventually, startBillingApp } from "./__tests__/billing-kit";
import { FakeStripe, type StripeEvent } from "./__tests__/fake-stripe";
import { forgetCachedAccount } from "./entitlements/billing-guard";

/**
 * A school's life with billing, driven by signed events from the stateful fake: app trial → active → past_due →
 * active, and app trial → canceled → read-only, checking at each step what the API refuses and what the game is told.
 */
let database: TestDatabase;
let fake: FakeStripe;
let t: TestApp;
/** Every live event the service published (the event bus every stream and Pusher hang off). */
const published: RealtimeMessage[] = [];

beforeAll(async () => {
	fake = new FakeStripe();
	await fake.start();
	database = await createTestDatabase("billing_lifecycle");
	t = await startBillingApp(database, fake.url, { BILLING_TRIAL_SEATS: "50" });
	await t.infra.queue.start();
	t.infra.events.subscribe(REALTIME_TOPIC, (payload) => published.push(payload as RealtimeMessage));
});

/** The school's dashboards were told its subscription is now `status` (the billing banner re-reads on it). */
async function announced(tenantId: string, status: string): Promise<void> {
	await eventually(`billing.state_changed ${status}`, async () =>
		published.some((m) => m.channel === schoolChannel(tenantId) && m.event === REALTIME_EVENTS.billingStateChanged && (m.data as { status: string }).status === status)
			? true
			: undefined,
	);
}
afterAll(async () => {
	await t?.close();
	await database?.drop();
	await fake?.stop();
});

async function deliverAll(events: ReadonlyArray<StripeEvent>): Promise<void> {
	for (const event of events) expect((await deliver(t, event)).status).toBe(200);
}

async function statusBecomes(tenantId: string, status: string): Promise<void> {
	await eventually(`status ${status}`, async () => ((await accountRow(t, tenantId))?.subscription_status === status ? true : undefined));
	forgetCachedAccount(tenantId);
}

/** What each side may do right now: a staff write, the game's content, a new student joining. */
async function probe(school: RuntimeSchool, robloxUserId: number) {
	const createClass = await request(t.app).post("/v1/classes").set(bearer(school.teacherA.token)).send({ name: "Probe class" });
	const game = await request(t.app).get("/v1/runtime/lessons/active").set("X-Api-Key", school.key.secret);
	const join = await joinAs(t, school.key.secret, { joinCode: school.klass.joinCode, robloxUserId, displayName: `Kid${robloxUserId}` });
	return {
		staff: createClass.status,
		staffCode: createClass.body?.error?.code,
		game: game.status,
		gameCode: game.body?.error?.code,
		join: join.status,
		joinCode: join.body?.error?.code,
	};
}

async function overview(school: RuntimeSchool) {
	const res = await request(t.app).get("/v1/billing").set(bearer(school.admin.token));
	expect(res.status).toBe(200);
	return res.body;
}

async function subscribe(school: RuntimeSchool): Promise<string> {
	const checkout = await request(t.app).post("/v1/billing/checkout").set(bearer(school.admin.token));
	expect(checkout.status).toBe(200);
	expect(checkout.body.kind).toBe("checkout");
	const session = [...fake.sessions.values()].find((s) => s.url === checkout.body.url);
	expect(session?.tenantId).toBe(school.admin.tenantId);
	await deliverAll(fake.completeCheckout(session?.id ?? "", 20));
	await statusBecomes(school.admin.tenantId, "active");
	const row = await accountRow(t, school.admin.tenantId);
	return row?.stripe_subscription_id ?? "";
}

it("app trial → active → past_due → active: writes and play stay open, banners and dunning follow the payment", async () => {
	const school = await runtimeSchool(t, "Lifecycle Paying School");
	expect(await overview(school)).toMatchObject({ enabled: true, standing: "app_trial", readOnly: false, trialDaysLeft: 30, seatsBought: 50 });
	expect(await probe(school, 71001)).toMatchObject({ staff: 201, game: 200, join: 200 });

	const subscription = await subscribe(school);
	expect(await overview(school)).toMatchObject({ standing: "active", seatsBought: 20, paymentMethod: "card", banners: [] });
	// A second Checkout would charge twice: a school with a live subscription is sent to the Portal.
	const again = await request(t.app).post("/v1/billing/checkout").set(bearer(school.admin.token));
	expect(again.body.kind).toBe("portal");
	expect(fake.portalSessions).toContain(again.body.url);
	expect(await probe(school, 71002)).toMatchObject({ staff: 201, game: 200, join: 200 });

	// Stripe reports the subscription's change before the failed invoice: order does not matter.
	await deliverAll(fake.failRenewal(subscription).reverse());
	await statusBecomes(school.admin.tenantId, "past_due");
	await announced(school.admin.tenantId, "past_due");
	expect(await overview(school)).toMatchObject({ standing: "past_due", readOnly: false, banners: ["payment_failed"] });
	expect(await probe(school, 71003)).toMatchObject({ staff: 201, game: 200, join: 200 });
	// The first reminder goes out at once, to the school's admins (no billing contacts set).
	await eventually("dunning mail", async () => ((await countMails(t, school.admin.email, "dunning-first")) === 1 ? true : undefined));

	published.length = 0;
	await deliverAll(fake.payLatest(subscription));
	await statusBecomes(school.admin.tenantId, "active");
	await announced(school.admin.tenantId, "active");
	expect(await overview(school)).toMatchObject({ standing: "active", banners: [] });
	expect((await accountRow(t, school.admin.tenantId))?.latest_invoice_failed_at).toBeNull();
	expect(await probe(school, 71004)).toMatchObject({ staff: 201, game: 200, join: 200 });
});

it("app trial → canceled → read-only: staff refused, the game plays for 14 days and then says the subscription ended", async () => {
	const school = await runtimeSchool(t, "Lifecycle Leaving School");
	expect(await probe(school, 72001)).toMatchObject({ staff: 201, game: 200, join: 200 });
	const subscription = await subscribe(school);

	await deliverAll(fake.cancel(subscription));
	await statusBecomes(school.admin.tenantId, "canceled");
	const ended = await overview(school);
	expect(ended).toMatchObject({ standing: "canceled", readOnly: true, banners: ["read_only"] });
	const since = Date.parse(ended.readOnlySince);
	expect(Date.parse(ended.gamePlayEndsAt) - since).toBe(14 * 24 * 3600 * 1000);
	expect(await probe(school, 72002)).toMatchObject({ staff: 402, staffCode: "billing_read_only", game: 200, join: 402, joinCode: "billing_read_only" });
	// Reading stays open for staff, and billing for admins.
	expect((await request(t.app).get("/v1/classes").set(bearer(school.teacherA.token))).status).toBe(200);
	expect((await request(t.app).post("/v1/billing/portal").set(bearer(school.admin.token))).status).toBe(200);

	// Fifteen days later (the stored moment moved back): the game is told the subscription has ended.
	await systemQuery(t, "UPDATE billing_accounts SET read_only_since = read_only_since - interval '15 days' WHERE tenant_id = $1", [school.admin.tenantId]);
	forgetCachedAccount(school.admin.tenantId);
	const after = await probe(school, 72003);
	expect(after).toMatchObject({ staff: 402, game: 402, gameCode: "subscription_ended", join: 402, joinCode: "subscription_ended" });
	const game = await request(t.app).get("/v1/runtime/lessons/active").set("X-Api-Key", school.key.secret);
	expect(game.body.error.message).toBe("Your school's subscription has ended.");
	// Progress is not recorded either.
	const progress = await request(t.app)
		.post("/v1/runtime/progress/batches")
		.set("X-Api-Key", school.key.secret)
		.send({ batchId: "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34", events: [] });
	expect(progress.body.error?.code).toBe("subscription_ended");

	// Subscribing again through Checkout (not the Portal: nothing live) restores everything.
	const again = await request(t.app).post("/v1/billing/checkout").set(bearer(school.admin.token));
	expect(again.body.kind).toBe("checkout");
});
