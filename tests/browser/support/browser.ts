/**
 * Debian's Chromium under playwright-core (Playwright's own browser download does not work on these machines;
 * tests/env/browser.sh installs the package). The flags keep a headless Chromium from reaching for Google's
 * services, which this machine's closed network refuses, and let it run as root.
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { ROOT } from "./service";

export const SCREENSHOTS = path.join(ROOT, ".tmp/screenshots");
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const problemsOf = new WeakMap<Page, string[]>();

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
	});
}

export interface WatchedPage {
	readonly page: Page;
	readonly context: BrowserContext;
	/** Console errors, CSP refusals and uncaught exceptions seen on the page. */
	readonly problems: string[];
}

/** A fresh context (no cookies, no sessionStorage) whose console errors and page errors are collected. */
export async function openPage(browser: Browser, baseURL: string): Promise<WatchedPage> {
	const context = await browser.newContext({ baseURL, viewport: { width: 1200, height: 820 }, locale: "en-GB", timezoneId: "UTC" });
	await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
	const page = await context.newPage();
	const problems: string[] = [];
	page.on("console", (message) => {
		if (message.type() !== "error") return;
		const text = message.text();
		// Expected 4xx answers (wrong password, 404 lookups) are logged by Chromium as failed resources; only our code's errors count.
		if (/Failed to load resource: the server responded with a status of (4\d\d)/.test(text)) return;
		problems.push(text);
	});
	page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
	problemsOf.set(page, problems);
	return { page, context, problems };
}

/**
 * Opens `path` signed out, signs in on the form the dashboard sends it to, and waits to be back on `path` (an
 * account with one school: no school choice in between).
 */
export async function signInAt(browser: Browser, baseURL: string, account: { email: string; password: string }, path: string): Promise<WatchedPage> {
	const watched = await openPage(browser, baseURL);
	await watched.page.goto(path);
	await watched.page.waitForURL(/\/sign-in\?next=/);
	await watched.page.getByLabel("Email").fill(account.email);
	await watched.page.getByLabel("Password").fill(account.password);
	await watched.page.getByRole("button", { name: "Sign in" }).click();
	await watched.page.waitForURL((url) => url.pathname === path);
	return watched;
}

/** Wraps test bodies so afterAll knows a test failed (and keeps the service's log for it). */
export function failureTracker(): { run<T>(body: () => Promise<T>): Promise<T>; readonly failed: boolean } {
	let failed = false;
	return {
		get failed() {
			return failed;
		},
		async run(body) {
			try {
				return await body();
			} catch (error) {
				failed = true;
				throw error;
			}
		},
	};
}

interface AxeResults {
	violations: Array<{ id: string; impact?: string; help: string; nodes: Array<{ target: string[] }> }>;
}

/**
 * WCAG 2.1 A/AA problems axe-core finds on the page as it is now (labels, names, contrast, landmarks...), serious
 * or critical only. Injected through the DevTools protocol, which the page's CSP does not govern.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
	await page.evaluate(`${AXE_SOURCE}\n;undefined`);
	const results = await page.evaluate(() =>
		(window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe.run(document, {
			runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
		}),
	);
	return results.violations
		.filter((violation) => violation.impact === "serious" || violation.impact === "critical")
		.map((violation) => `a11y ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
}

/** One picture per page state for people to look at, and an accessibility check of that state for the test. */
export async function screenshot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
	for (const problem of await accessibilityProblems(page)) problemsOf.get(page)?.push(`${name}: ${problem}`);
}
