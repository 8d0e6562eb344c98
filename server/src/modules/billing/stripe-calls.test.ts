import pino from "pino";
import request from "supertest";
import { createTestDatabase, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { bearer, signupSchool, systemQuery, type SchoolAdmin } from "../tenancy/__tests__/tenancy-fixtures";
import { accountRow, startBillingApp } from "./__tests__/billing-kit";
import { startStripeMock, type StripeMock } from "./__tests__/stripe-mock-server";
import { pushSeatsJob } from "./sync/push-seats-job";
import { syncAccount } from "./sync/sync-account";

/**
 * Every Stripe call the service makes, through the real SDK against stripe-mock: stripe-mock validates each
 * request against Stripe's own API description for the pinned version, so a call of the wrong shape fails here
 * (as a 502 from our routes, or a thrown error from our jobs).
 */
let database: TestDatabase;
let mock: StripeMock;
let t: TestApp;
let school: SchoolAdmin;

beforeAll(async () => {
	mock = await startStripeMock();
	database = await createTestDatabase("billing_stripe_calls");
	t = await startBillingApp(database, mock.url);
	school = await signupSchool(t, "Stripe Shapes School");
});
afterAll(async () => {
	await t?.close();
	await database?.drop();
	await mock?.stop();
});

const admin = () => bearer(school.token);
const silentLogger = pino({ level: "silent" });
const deps = () => ({ config: t.config, infra: t.infra, logger: silentLogger });

describe("Stripe calls against stripe-mock", () => {
	it("creates the customer and a subscription Checkout session with the school's id", async () => {
		const res = await request(t.app).post("/v1/billing/checkout").set(admin());
		expect(res.status).toBe(200);
		expect(res.body.kind).toBe("checkout");
		expect(typeof res.body.url).toBe("string");
		expect((await accountRow(t, school.tenantId))?.stripe_customer_id).toMatch(/^cus_/);
	});

	it("opens the Portal and lists invoices", async () => {
		const portal = await request(t.app).post("/v1/billing/portal").set(admin());
		expect(portal.status).toBe(200);
		expect(portal.body.kind).toBe("portal");
		const invoices = await request(t.app).get("/v1/billing/invoices").set(admin());
		expect(invoices.status).toBe(200);
		expect(invoices.body.items.length).toBeGreaterThan(0);
		expect(invoices.body.items[0]).toMatchObject({ id: expect.stringMatching(/^in_/), status: expect.any(String) });
	});

	it("pushes contacts, tax status, PO number and tax id to the customer", async () => {
		const res = await request(t.app)
			.patch("/v1/billing")
			.set(admin())
			.send({ contacts: ["Bursar@school.example.org"], taxExempt: "exempt", poNumber: "PO-77", taxId: "EIN 12-3456789" });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ contacts: ["bursar@school.example.org"], taxExempt: "exempt", poNumber: "PO-77", taxId: "EIN 12-3456789" });
	});

	it("syncs by listing the customer's subscriptions and reading the latest invoice", async () => {
		const row = await accountRow(t, school.tenantId);
		expect(await syncAccount(deps(), { tenantId: school.tenantId, customerId: row?.stripe_customer_id ?? undefined })).toBe("synced");
		const synced = await accountRow(t, school.tenantId);
		expect(synced?.stripe_subscription_id).toMatch(/^sub_/);
		expect(synced?.subscription_status).not.toBeNull();
		expect(synced?.seats_bought).toEqual(expect.any(Number));
	});

	it("switches a live subscription to invoices with net days, and resumes a cancellation", async () => {
		await systemQuery(t, "UPDATE billing_accounts SET subscription_status = 'active', cancel_at_period_end = true WHERE tenant_id = $1", [school.tenantId]);
		const invoice = await request(t.app).patch("/v1/billing").set(admin()).send({ paymentMethod: "invoice", daysUntilDue: 30 });
		expect(invoice.status).toBe(200);
		expect(invoice.body).toMatchObject({ paymentMethod: "invoice", daysUntilDue: 30 });
		await systemQuery(t, "UPDATE billing_accounts SET cancel_at_period_end = true WHERE tenant_id = $1", [school.tenantId]);
		const resumed = await request(t.app).post("/v1/billing/resume").set(admin());
		expect(resumed.status).toBe(200);
	});

	it("raises the subscription item's quantity for added seats", async () => {
		await systemQuery(t, "UPDATE billing_accounts SET seats_bought = 1, seats_wanted = 7 WHERE tenant_id = $1", [school.tenantId]);
		await expect(pushSeatsJob(deps()).handle({ tenantId: school.tenantId }, { attempt: 1, jobId: "test", logger: silentLogger })).resolves.toBeUndefined();
	});

	it("starts an invoice-billed subscription directly for a school that pays by invoice", async () => {
		const other = await signupSchool(t, "Purchase Order School");
		const choose = await request(t.app).patch("/v1/billing").set(bearer(other.token)).send({ paymentMethod: "invoice", daysUntilDue: 45, poNumber: "PO-1" });
		expect(choose.status).toBe(200);
		const res = await request(t.app).post("/v1/billing/checkout").set(bearer(other.token));
		expect(res.status).toBe(200);
		expect(res.body.kind).toBe("portal");
	});
});
