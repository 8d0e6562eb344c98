/**
 * Dashboard sessions in a real browser: the refresh token in an httpOnly cookie that every tab shares, the access
 * token in each tab's memory. A session survives a new tab and a service restart; signing out in one tab signs the
 * others out with a reason; the sessions page lists browsers and Studio and signs them out.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { openPage, screenshot, type WatchedPage } from "./support/browser";
import { browserSuite } from "./support/suite";
import type { Service } from "./support/service";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("sessions", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

/** A fresh browser (its own cookies), signed in on the form and back on `path`. */
async function signedIn(account: Account, path: string): Promise<WatchedPage> {
	const watched = await openPage(browser, service.url);
	opened.push(watched);
	await watched.page.goto(path);
	await watched.page.waitForURL(/\/sign-in\?next=/);
	await watched.page.getByLabel("Email").fill(account.email);
	await watched.page.getByLabel("Password").fill(account.password);
	await watched.page.getByRole("button", { name: "Sign in" }).click();
	await watched.page.waitForURL((url) => url.pathname === path);
	return watched;
}

async function newTab(context: BrowserContext, path: string): Promise<Page> {
	const page = await context.newPage();
	await page.goto(path);
	return page;
}

async function expectSignedInOn(page: Page, heading: string): Promise<void> {
	await page.getByRole("heading", { level: 1, name: heading }).waitFor();
	expect(new URL(page.url()).pathname).not.toBe("/sign-in");
	await page.getByRole("button", { name: "Sign out" }).first().waitFor();
}

describe("a dashboard session", () => {
	it("keeps the refresh token out of script's reach, and survives a new tab and a service restart", () =>
		run(async () => {
			const account = await signup(service, "tabs");
			const first = await signedIn(account, "/api-keys");
			const cookies = await first.context.cookies();
			const refresh = cookies.find((cookie) => cookie.name === "toolboxai_refresh");
			expect(refresh).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/v1/auth/session" });
			expect(await first.page.evaluate(() => document.cookie)).not.toContain("toolboxai_refresh");
			expect(await first.page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain("rt_");

			// A typed URL in a new tab, and two tabs loading at once, stay signed in.
			const [second, third] = await Promise.all([newTab(first.context, "/sessions"), newTab(first.context, "/audit")]);
			await expectSignedInOn(second, "Sessions");
			await expectSignedInOn(third, "Audit log");

			await service.restart();
			await second.reload();
			await expectSignedInOn(second, "Sessions");
			await first.page.goto("/deployments");
			await expectSignedInOn(first.page, "Deployments");
			// While the service was down the page's live stream retried and was refused: that is the restart, not a fault.
			expect(first.problems.filter((problem) => !problem.includes("net::ERR_CONNECTION_REFUSED"))).toEqual([]);
		}));

	it("signs every tab out when one signs out, and says why", () =>
		run(async () => {
			const account = await signup(service, "signout");
			const first = await signedIn(account, "/");
			const other = await newTab(first.context, "/api-keys");
			await expectSignedInOn(other, "API keys");

			await first.page.getByRole("button", { name: "Sign out" }).click();
			await first.page.waitForURL(/\/sign-in/);
			// The other tab follows without being touched.
			await other.waitForURL(/\/sign-in\?next=%2Fapi-keys&ended=elsewhere/);
			await other.getByText("You were signed out because you signed out in another tab.").waitFor();
			// And a new tab of this browser is signed out too (the cookie's session has ended).
			const later = await newTab(first.context, "/api-keys");
			await later.waitForURL(/\/sign-in\?next=/);
			await screenshot(other, "sessions-signed-out-elsewhere");
			expect(first.problems).toEqual([]);
		}));
});

describe("a network failure while loading", () => {
	it("keeps the session and tries again instead of signing out", () =>
		run(async () => {
			const account = await signup(service, "blip");
			const { page, problems } = await signedIn(account, "/api-keys");
			await page.route("**/v1/auth/session/refresh", (route) => route.abort("connectionrefused"));
			await page.reload();
			await page.getByText("Cannot reach the ToolBoxAI service. Trying again…").waitFor();
			expect(new URL(page.url()).pathname).toBe("/api-keys");
			await page.unroute("**/v1/auth/session/refresh");
			await expectSignedInOn(page, "API keys");
			// The aborted request is the only console error the page may log.
			expect(problems.filter((problem) => !problem.includes("ERR_CONNECTION_REFUSED") && !problem.includes("Failed to load resource"))).toEqual([]);
		}));
});

describe("the sessions page", () => {
	it("lists this browser and Studio, signs Studio out, and signs out everywhere", () =>
		run(async () => {
			const account = await signup(service, "lists");
			// Roblox Studio signs in with the device flow; the admin approves it over the API.
			const code = await api<{ deviceCode: string; userCode: string }>(service.url, "POST", "/v1/auth/device/code", {
				clientId: "toolboxai-studio-plugin",
				deviceName: "Studio on LAB-PC-07",
			});
			expect((await api(service.url, "POST", "/v1/auth/device/decision", { userCode: code.body.userCode, decision: "approve" }, account.accessToken)).status).toBe(200);
			const studio = await api<{ refreshToken: string }>(service.url, "POST", "/v1/auth/device/token", { deviceCode: code.body.deviceCode });
			expect(studio.status).toBe(200);

			const elsewhere = await signedIn(account, "/");
			const here = await signedIn(account, "/sessions");
			const page = here.page;
			const mine = page.getByRole("table", { name: "Your sessions" });
			await mine.getByRole("row", { name: /This browser/ }).waitFor();
			await expect(mine.getByRole("row", { name: /Chrome on Linux/ }).count()).resolves.toBeGreaterThanOrEqual(2);
			await mine.getByRole("row", { name: /Studio on LAB-PC-07/ }).waitFor();
			const school = page.getByRole("table", { name: "Roblox Studio sessions in your school" });
			await school.getByRole("row", { name: /Studio on LAB-PC-07/ }).waitFor();
			await screenshot(page, "sessions-page");

			await mine.getByRole("button", { name: "Sign out Studio on LAB-PC-07" }).click();
			await page.getByText("Signed out Studio on LAB-PC-07.").waitFor();
			await expect(mine.getByRole("row", { name: /Studio on LAB-PC-07/ }).count()).resolves.toBe(0);
			const refused = await api<{ error: { details?: { reason?: string } } }>(service.url, "POST", "/v1/auth/refresh", { refreshToken: studio.body.refreshToken });
			expect({ status: refused.status, reason: refused.body.error.details?.reason }).toEqual({ status: 401, reason: "logout" });

			await page.getByRole("button", { name: "Sign out everywhere" }).click();
			await page.waitForURL(/\/sign-in\?ended=logout/);
			await page.getByText(/You were signed out because this session was ended/).waitFor();
			// The other browser is signed out at its next load.
			await elsewhere.page.reload();
			await elsewhere.page.waitForURL(/\/sign-in\?next=%2F&ended=logout/);
			expect(here.problems).toEqual([]);
		}));
});
