/**
 * The first run as a person meets it: `npm start` with no settings (embedded Postgres, the demo school), the sign-in
 * page's demo hint and the app's not-found page for an address that is no page.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { openPage, screenshot, type WatchedPage } from "./support/browser";
import { browserSuite } from "./support/suite";
import type { Service } from "./support/service";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("first_run", { embedded: true }, (started, launched) => {
	service = started;
	browser = launched;
});

async function watched(): Promise<WatchedPage> {
	const page = await openPage(browser, service.url);
	opened.push(page);
	return page;
}

describe("the embedded default's first run", () => {
	it("the sign-in page names the demo school and its admin (never the password), and that sign-in works", () =>
		run(async () => {
			const demo = JSON.parse(readFileSync(path.join(service.dataDir, "secrets", "demo-sign-in.json"), "utf8")) as { email: string; password: string; school: string };
			const w = await watched();
			const { page } = w;
			await page.goto("/sign-in");
			const hint = page.getByText("Demo school: sign in to Demo School as");
			await hint.waitFor();
			await expect(hint.textContent()).resolves.toBe(`Demo school: sign in to Demo School as ${demo.email} with the password printed in the terminal where the service started.`);
			expect(await page.content()).not.toContain(demo.password);
			await screenshot(page, "sign-in-demo-hint");
			await page.getByLabel("Email").fill(demo.email);
			await page.getByLabel("Password").fill(demo.password);
			await page.getByRole("button", { name: "Sign in" }).click();
			await page.waitForURL((url) => url.pathname === "/");
			await expect(page.getByText(`· ${demo.school}`).count()).resolves.toBe(1);
			expect(w.problems).toEqual([]);
		}));

	it("an address that is no page shows the app's not-found page (404), signed out, while the API keeps its JSON 404", () =>
		run(async () => {
			const w = await watched();
			const { page } = w;
			const response = await page.goto("/no-such-page/here");
			expect(response?.status()).toBe(404);
			await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
			expect(new URL(page.url()).pathname).toBe("/no-such-page/here");
			await page.getByRole("link", { name: "Go to the start page" }).click();
			await page.waitForURL(/\/sign-in\?next=/);
			await screenshot(page, "not-found-then-sign-in");
			const api = await fetch(`${service.url}/v1/no-such-route`, { headers: { Accept: "text/html,*/*;q=0.8" } });
			expect(api.status).toBe(404);
			expect(((await api.json()) as { error: { code: string } }).error.code).toBe("not_found");
			expect(w.problems).toEqual([]);
		}));
});
