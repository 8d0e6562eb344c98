/**
 * Live updates in a real browser against the real service (`npm start`, Postgres + Redis, no Pusher: the service's
 * own event stream): the Deployments page shows a deployment's steps move without a reload, and the connection
 * indicator goes to reconnecting while the service restarts and back to Live once it is up again.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { failureTracker, launchBrowser, screenshot, signInAt, type WatchedPage } from "./support/browser";
import { placeFile, seedRelease } from "./support/releases";
import { saveLog, startService, type Service } from "./support/service";

let service: Service;
let browser: Browser;
let admin: Account;
const tracker = failureTracker();
const run = tracker.run;
const opened: WatchedPage[] = [];

beforeAll(async () => {
	service = await startService("live");
	browser = await launchBrowser();
	admin = await signup(service, "live");
	const created = await api(service.url, "POST", "/v1/environments", { name: "staging", universeId: 4815162342, placeId: 1623420815 }, admin.accessToken);
	expect(created.status).toBe(201);
}, 120_000);

afterAll(async () => {
	for (const { context } of opened) await context.close().catch(() => undefined);
	await browser?.close();
	if (tracker.failed && service !== undefined) saveLog(service, "live-updates");
	await service?.stop();
}, 60_000);

const indicator = (page: Page): Locator => page.getByTestId("live-status");
const waitForState = (page: Page, state: string, timeout = 30_000) => page.locator(`[data-testid="live-status"][data-state="${state}"]`).waitFor({ timeout });

it("the deployments page shows a deployment's steps move without a reload", () =>
	run(async () => {
		const w = await signInAt(browser, service.url, admin, "/deployments");
		opened.push(w);
		const { page } = w;
		await waitForState(page, "connected");
		await expect(indicator(page).textContent()).resolves.toBe("Live");
		await page.getByText("No deployments yet.").waitFor();
		// A mark in the page's JavaScript: a reload would wipe it.
		await page.evaluate(() => {
			(window as unknown as { liveMark: string }).liveMark = "still here";
		});
		const release = await seedRelease(service, admin.tenantId, placeFile("live"));
		const started = await api<{ id: string }>(service.url, "POST", "/v1/deployments", { environment: "staging", releaseId: release.id }, admin.accessToken);
		expect(started.status).toBe(202);
		const row = page.getByTestId("deployment-row").first();
		await row.getByText("Succeeded").waitFor({ timeout: 60_000 });
		expect((await row.locator("th, td").allTextContents()).slice(1, 5)).toEqual(["#1", "Deploy (dry run)", "Succeeded", "5/5"]);
		await expect(page.evaluate(() => (window as unknown as { liveMark?: string }).liveMark)).resolves.toBe("still here");
		await screenshot(page, "live-deployment");
		expect(w.problems.filter((p) => !p.includes("/v1/events"))).toEqual([]);
	}));

it("the indicator goes to reconnecting while the service restarts, then back to Live", () =>
	run(async () => {
		const w = opened[0] as WatchedPage;
		const { page } = w;
		await waitForState(page, "connected");
		await service.restart(async () => {
			await page.locator('[data-testid="live-status"]:is([data-state="reconnecting"], [data-state="offline"])').waitFor({ timeout: 30_000 });
			await screenshot(page, "live-reconnecting");
		});
		await waitForState(page, "connected", 60_000);
		await expect(indicator(page).textContent()).resolves.toBe("Live");
		// Still live after the restart: a new deployment's steps arrive without a reload.
		const release = await seedRelease(service, admin.tenantId, placeFile("after restart"));
		const started = await api<{ id: string }>(service.url, "POST", "/v1/deployments", { environment: "staging", releaseId: release.id }, admin.accessToken);
		expect(started.status).toBe(202);
		await page.getByTestId("deployment-row").first().getByText("#2").waitFor({ timeout: 60_000 });
		await page.getByTestId("deployment-row").first().getByText("Succeeded").waitFor({ timeout: 60_000 });
		await expect(page.evaluate(() => (window as unknown as { liveMark?: string }).liveMark)).resolves.toBe("still here");
	}));
