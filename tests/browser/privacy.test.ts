/**
 * The dashboard's Privacy page in a real browser against the real service: an admin starts an export of a student's
 * data, sees it listed with its due date, downloads the archive once it is ready (a zip whose folders are the kinds
 * of data), reads its proof report, and gives the school's authorisation. Setup goes through the API; what a person
 * does, through the page, with the keyboard where a form is filled.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { api, signup } from "./support/api";
import { accessibilityProblems, screenshot, signInAt } from "./support/browser";
import { browserSuite } from "./support/suite";
import type { Service } from "./support/service";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("privacy", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe("Privacy page", () => {
	it("an admin exports a student's data and downloads it, then gives the school's authorisation", () =>
		run(async () => {
			const admin = await signup(service, "privacy");
			const klass = await api<{ joinCode: string }>(service.url, "POST", "/v1/classes", { name: "Period 2" }, admin.accessToken);
			expect(klass.status).toBe(201);
			const key = await api<{ secret: string }>(service.url, "POST", "/v1/api-keys", { name: "Lab key", scopes: ["classes:join"] }, admin.accessToken);
			const joined = await fetch(`${service.url}/v1/runtime/classes/join`, {
				method: "POST",
				headers: { "Content-Type": "application/json", "X-Api-Key": key.body.secret },
				body: JSON.stringify({ joinCode: klass.body.joinCode, robloxUserId: 8_675_309, displayName: "PixelPainter" }),
			});
			expect(joined.status).toBe(200);

			const w = await signInAt(browser, service.url, admin, "/privacy");
			opened.push(w);
			const { page } = w;
			await page.getByRole("heading", { level: 1, name: "Privacy" }).waitFor();
			const start = page.getByRole("region", { name: "Export someone's data" });
			await start.getByLabel("Whose data").selectOption({ label: "PixelPainter (student)" });
			await start.getByLabel("Note (optional)").fill("Asked by the student's parent at the school office.");
			await start.getByLabel("Note (optional)").press("Enter");
			await start.getByText("Export of PixelPainter started.").waitFor();

			const requests = page.getByRole("region", { name: "Data requests" });
			const row = requests.getByRole("row").filter({ hasText: "PixelPainter" });
			await expect(row.textContent()).resolves.toMatch(/Export \(access\)/);
			// The page looks again while the export runs: the download appears without a reload.
			const button = row.getByRole("button", { name: "Download the export about PixelPainter" });
			await button.waitFor({ timeout: 60_000 });
			await expect(row.textContent()).resolves.toMatch(/Done/);

			const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
			const file = path.join(await download.path().then((p) => path.dirname(p)), "export.zip");
			await download.saveAs(file);
			const zip = await readFile(file);
			expect(zip.subarray(0, 2).toString("latin1")).toBe("PK");
			// A zip's central directory names its entries in plain text.
			for (const entry of ["profile/profile.json", "progress-events/progress-events.csv", "answers/answers.json", "manifest.json"]) {
				expect(zip.includes(Buffer.from(entry))).toBe(true);
			}

			await row.getByText("Proof report").click();
			await row.getByText(/Database backups are kept for \d+ days/).waitFor();

			const consent = page.getByRole("region", { name: "School authorisation (COPPA)" });
			await consent.getByText("Nobody has given the school's authorisation yet.").waitFor();
			await consent.getByLabel("I confirm this on behalf of the school").check();
			await consent.getByRole("button", { name: "Give the school's authorisation" }).click();
			await consent.getByText("The school's authorisation covers the current text.").waitFor();
			await consent.getByText(new RegExp(`Given by ${admin.displayName}`)).waitFor();
			await screenshot(page, "privacy-page");

			// No ids outside the folded technical sections, no horizontal scrolling on a phone, and no axe findings.
			const visible = await page.evaluate(() => {
				const texts: string[] = [];
				const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
				for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
					if (node.parentElement?.closest(".technical, script, style") == null) texts.push(node.textContent ?? "");
				}
				return texts.join(" ");
			});
			expect(visible).not.toMatch(UUID);
			await expect(accessibilityProblems(page)).resolves.toEqual([]);
			await page.setViewportSize({ width: 360, height: 740 });
			// The page's own content fits (the header's navigation is the phone-layout work's, not this page's).
			const overflowing = await page.evaluate(() =>
				Array.from(document.querySelectorAll("main *"))
					.filter((el) => el.closest(".table-wrap") === null && el.getBoundingClientRect().right > 361)
					.map((el) => el.tagName),
			);
			expect(overflowing).toEqual([]);
			expect(w.problems).toEqual([]);
		}));
});
