import request from "supertest";
import { createTestDatabase, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { createClassAs } from "../classes/__tests__/class-fixtures";
import { joinAs, runtimeSchool, type RuntimeSchool } from "../runtime/__tests__/runtime-fixtures";
import { accountRow, deliver, eventually, startBillingApp } from "./__tests__/billing-kit";
import { FakeStripe } from "./__tests__/fake-stripe";
import { forgetCachedAccount } from "./entitlements/billing-guard";

/** Seats: distinct students in classes that are not archived; joins past the seats are refused, or add a seat when the admin asked for it. */
let database: TestDatabase;
let fake: FakeStripe;
let t: TestApp;

beforeAll(async () => {
	fake = new FakeStripe();
	await fake.start();
	database = await createTestDatabase("billing_seats");
	t = await startBillingApp(database, fake.url, { BILLING_TRIAL_SEATS: "5" });
	await t.infra.queue.start();
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
	await fake?.stop();
});

const join = (school: RuntimeSchool, robloxUserId: number, joinCode = school.klass.joinCode) =>
	joinAs(t, school.key.secret, { joinCode, robloxUserId, displayName: `Seat${robloxUserId}` });
const seatsUsed = async (school: RuntimeSchool) => (await request(t.app).get("/v1/billing").set(bearer(school.admin.token))).body.seatsUsed as number;

async function subscribed(name: string, seats: number): Promise<{ school: RuntimeSchool; subscriptionId: string }> {
	const school = await runtimeSchool(t, name);
	const checkout = await request(t.app).post("/v1/billing/checkout").set(bearer(school.admin.token));
	const session = [...fake.sessions.values()].find((s) => s.url === checkout.body.url);
	for (const event of fake.completeCheckout(session?.id ?? "", seats)) await deliver(t, event).expect(200);
	const row = await eventually("active", async () => {
		const found = await accountRow(t, school.admin.tenantId);
		return found?.subscription_status === "active" ? found : undefined;
	});
	forgetCachedAccount(school.admin.tenantId);
	return { school, subscriptionId: row.stripe_subscription_id ?? "" };
}

describe("seats", () => {
	it("lets exactly the seats bought through when 12 students join at once", async () => {
		const school = await runtimeSchool(t, "Crowded Trial School");
		const joinStatus = async () => (await request(t.app).get("/v1/billing/join-status").set(bearer(school.teacherA.token))).body;
		expect(await joinStatus()).toEqual({ open: true });
		const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => join(school, 91000 + i)));
		const statuses = answers.map((res) => res.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(5);
		expect(statuses.filter((s) => s === 409)).toHaveLength(7);
		const refused = answers.find((res) => res.status === 409);
		expect(refused?.body.error).toMatchObject({ code: "seat_limit_reached", details: { seatsUsed: 5, seatsBought: 5 } });
		expect(refused?.body.error.message).toMatch(/used all 5 of its student seats/);
		const [row] = await systemQuery<{ n: number }>(t, "SELECT count(DISTINCT user_id)::int AS n FROM class_members WHERE tenant_id = $1", [school.admin.tenantId]);
		expect(row?.n).toBe(5);
		expect(await seatsUsed(school)).toBe(5);
		// The teacher is told why new students are refused (and nothing else of billing).
		expect(await joinStatus()).toMatchObject({ open: false, reason: "seats_full", message: expect.stringMatching(/used all its student seats/) });

		// A student who already holds a seat joins another class without a new one; nobody is cut off.
		const first = answers.find((res) => res.status === 200)?.body.robloxUserId as number;
		const second = await createClassAs(t, school.teacherA.token, { name: "Second class" });
		expect((await join(school, first, second.joinCode)).status).toBe(200);
		expect((await join(school, 91999, second.joinCode)).status).toBe(409);

		// Archiving a class frees the seats of students in no other class.
		await request(t.app).patch(`/v1/classes/${school.klass.id}`).set(bearer(school.teacherA.token)).send({ archived: true }).expect(200);
		expect(await seatsUsed(school)).toBe(1);
		expect((await join(school, 91999, second.joinCode)).status).toBe(200);
	});

	it("adds seats (prorated, at Stripe) instead of refusing when the admin turned auto-add on", async () => {
		const { school, subscriptionId } = await subscribed("Auto Seat School", 2);
		for (const player of [92001, 92002]) expect((await join(school, player)).status).toBe(200);
		expect((await join(school, 92003)).status).toBe(409);
		const toggled = await request(t.app).patch("/v1/billing").set(bearer(school.admin.token)).send({ autoAddSeats: true });
		expect(toggled.body.autoAddSeats).toBe(true);
		expect((await join(school, 92003)).status).toBe(200);
		expect((await join(school, 92004)).status).toBe(200);
		await eventually("quantity raised at Stripe", async () => (fake.sub(subscriptionId).quantity === 4 ? true : undefined));
		await eventually("seats bought read back", async () => ((await accountRow(t, school.admin.tenantId))?.seats_bought === 4 ? true : undefined));
	});

	it("adds no seats while a payment is past due", async () => {
		const { school, subscriptionId } = await subscribed("Past Due Seat School", 1);
		await request(t.app).patch("/v1/billing").set(bearer(school.admin.token)).send({ autoAddSeats: true }).expect(200);
		expect((await join(school, 93001)).status).toBe(200);
		for (const event of fake.failRenewal(subscriptionId)) await deliver(t, event).expect(200);
		await eventually("past_due", async () => ((await accountRow(t, school.admin.tenantId))?.subscription_status === "past_due" ? true : undefined));
		const refused = await join(school, 93002);
		expect(refused.status).toBe(409);
		expect(refused.body.error.code).toBe("seat_limit_reached");
		expect(fake.sub(subscriptionId).quantity).toBe(1);
	});
});
