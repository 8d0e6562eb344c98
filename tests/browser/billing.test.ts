/**
 * The dashboard's Billing page in a real browser against the real service, with Stripe pointed at the stateful fake
 * (server/src/modules/billing/__tests__/fake-stripe.ts) and its events delivered signed to the service's webhook:
 * the page in each state (billing off, app trial, active, past due, canceled), the admins' banner on other pages,
 * and the Checkout and Portal buttons sending the browser to the URLs Stripe returned (answered locally: offline).
 */
import type { Browser, Page } from "playwright-core";
import Stripe from "stripe";
import { FakeStripe, type StripeEvent } from "../../server/src/modules/billing/__tests__/fake-stripe";
import { api, signup, type Account } from "./support/api";
import { failureTracker, launchBrowser, screenshot, signInAt, type WatchedPage } from "./support/browser";
import { saveLog, startService, type Service } from "./support/service";

const WEBHOOK_SECRET = "whsec_browser_billing";
const signer = new Stripe("sk_test_123");

let fake: FakeStripe;
let service: Service;
let unbilled: Service;
let browser: Browser;
const tracker = failureTracker();
const run = tracker.run;
const opened: WatchedPage[] = [];

beforeAll(async () => {
	fake = new FakeStripe();
	await fake.start();
	[service, unbilled] = await Promise.all([
		startService("billing", {
			env: { STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PRICE_ID: "price_seat", STRIPE_API_URL: fake.url },
		}),
		// In-process jobs (no Redis): its mail jobs must not be taken by the other service's workers on the shared Redis.
		startService("billing_off", { env: { REDIS_URL: "" } }),
	]);
	browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
	for (const { context } of opened) await context.close().catch(() => undefined);
	await browser?.close();
	if (tracker.failed && service !== undefined) saveLog(service, "billing");
	await service?.stop();
	await unbilled?.stop();
	await fake?.stop();
}, 60_000);

async function signedIn(at: Service, account: Account, path: string): Promise<WatchedPage> {
	const watched = await signInAt(browser, at.url, account, path);
	opened.push(watched);
	return watched;
}

async function deliver(events: ReadonlyArray<StripeEvent>): Promise<void> {
	for (const event of events) {
		const payload = JSON.stringify(event);
		const res = await fetch(`${service.url}/v1/billing/stripe/webhook`, {
			method: "POST",
			headers: { "Content-Type": "application/json", "Stripe-Signature": signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
			body: payload,
		});
		if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
	}
}

const STRIPE_PAGES = /^https:\/\/(checkout|billing)\.stripe\.com\//;

/** Answers Stripe's pages locally (the test is offline) and resolves with the URL the browser went to, once it is there. */
async function stripePageOpened(page: Page, click: () => Promise<void>): Promise<string> {
	let target = "";
	await page.route(STRIPE_PAGES, async (route) => {
		target = route.request().url();
		await route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Stripe</title><h1>Stripe (offline)</h1>" });
	});
	await click();
	await page.waitForURL(STRIPE_PAGES);
	await page.getByText("Stripe (offline)").waitFor();
	await page.unroute(STRIPE_PAGES);
	return target;
}

async function statusReads(page: Page, text: RegExp): Promise<void> {
	for (let tries = 0; tries < 100; tries++) {
		await page.goto("/billing");
		const status = page.getByTestId("billing-status");
		await status.waitFor();
		if (text.test((await status.textContent()) ?? "")) return;
		await page.waitForTimeout(200);
	}
	throw new Error(`the billing status never read ${text}`);
}

describe("Billing page", () => {
	it("says billing is off on a service without Stripe", () =>
		run(async () => {
			const admin = await signup(unbilled, "offline");
			const { page } = await signedIn(unbilled, admin, "/billing");
			await page.getByRole("heading", { level: 1, name: "Billing" }).waitFor();
			await page.getByText("Billing is off on this service").waitFor();
			await screenshot(page, "billing-off");
		}));

	it("walks a school from the app trial through Checkout to active, past due and canceled", () =>
		run(async () => {
			const admin = await signup(service, "ledger");
			const w = await signedIn(service, admin, "/billing");
			const { page } = w;
			await page.getByTestId("billing-status").getByText("Free trial").waitFor();
			await page.getByText("Trial days left").waitFor();
			await screenshot(page, "billing-app-trial");

			// Subscribe: the browser goes to the Checkout page Stripe made for this school.
			const checkoutUrl = await stripePageOpened(page, () => page.getByRole("button", { name: "Subscribe or change seats" }).click());
			const session = [...fake.sessions.values()].find((s) => s.url === checkoutUrl);
			expect(session?.tenantId).toBe(admin.tenantId);
			await deliver(fake.completeCheckout(session?.id ?? "", 30));
			await statusReads(page, /^Active/);
			await page.getByText("0 / 30").waitFor();
			await page.getByRole("link", { name: "PDF" }).first().waitFor();
			await screenshot(page, "billing-active");

			// The Portal button goes to the Portal session Stripe returned.
			const portalUrl = await stripePageOpened(page, () => page.getByRole("button", { name: "Manage payment method and invoices" }).click());
			expect(fake.portalSessions).toContain(portalUrl);

			const klass = await api<{ id: string }>(service.url, "POST", "/v1/classes", { name: "Ledger Period 1" }, admin.accessToken);
			expect(klass.status).toBe(201);
			const subscription = [...fake.subscriptions.values()].find((s) => s.customer === session?.customer);

			// Canceled in the Portal at the period's end: the page says when it ends and offers Resume.
			await deliver(fake.cancelAtPeriodEnd(subscription?.id ?? ""));
			for (let tries = 0; tries < 100 && !(await page.getByText("Ends on").isVisible()); tries++) {
				await page.waitForTimeout(200);
				await page.goto("/billing");
				await page.getByTestId("billing-status").waitFor();
			}
			await page.getByRole("button", { name: "Resume subscription" }).click();
			await page.getByText("Renews on").waitFor();
			expect(fake.sub(subscription?.id ?? "").cancelAtPeriodEnd).toBe(false);

			await deliver(fake.failRenewal(subscription?.id ?? ""));
			await statusReads(page, /A payment failed/);
			// Admins see the banner on every page.
			await page.goto("/");
			await page.getByRole("status", { name: "Billing" }).getByText("A payment failed").waitFor();
			await screenshot(page, "billing-past-due-banner");

			await deliver(fake.cancel(subscription?.id ?? ""));
			await statusReads(page, /subscription has ended/);
			await page.getByText("Read-only since").waitFor();
			await page.getByText("Students can play until").waitFor();
			await screenshot(page, "billing-canceled");
			// The class page names why new students cannot join.
			await page.goto(`/classes/${klass.body.id}`);
			await page.getByText("new students cannot join").waitFor();
			const refused = await api<{ error: { code: string } }>(service.url, "POST", "/v1/classes", { name: "After cancel" }, admin.accessToken);
			expect(refused.status).toBe(402);
			expect(refused.body.error.code).toBe("billing_read_only");
			expect(w.problems).toEqual([]);
		}));
});
