/**
 * The dashboard's Deployments page in a real browser against the real service, whose Open Cloud base URL points at
 * the local Open Cloud fake (so saving a key really introspects it over HTTP): environments added, refused, edited
 * and deleted, the key's status (last four, scopes, what is missing in plain words), a teacher's read-only view, and
 * an environment's recent deployments with a rollback started from the page and watched to its end.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { FakeOpenCloud, FULL_ACCESS_KEY } from "../../server/src/integrations/open-cloud/__tests__/fake-open-cloud";
import { api, signup, type Account } from "./support/api";
import { failureTracker, launchBrowser, openPage, screenshot, signInAt, type WatchedPage } from "./support/browser";
import { placeFile, seedRelease } from "./support/releases";
import { saveLog, startService, type Service, waitForMail } from "./support/service";

const FULL_KEY = "ocK3y-browser-full-access-Zq9X";
const PARTIAL_KEY = "ocK3y-browser-partial-Pp44";
const EXPIRED_KEY = "ocK3y-browser-expired-Ex77";

let fake: FakeOpenCloud;
let service: Service;
let browser: Browser;
const tracker = failureTracker();
const run = tracker.run;
const opened: WatchedPage[] = [];

beforeAll(async () => {
	fake = await new FakeOpenCloud({ apiKey: FULL_KEY }).start();
	fake.keyProfiles.set(PARTIAL_KEY, {
		...FULL_ACCESS_KEY,
		name: "publish only",
		scopes: [
			{ name: "universe-places", operations: ["write"], universeIds: ["4815162342"] },
			{ name: "asset", operations: ["read", "write"], userIds: ["*"] },
		],
	});
	fake.keyProfiles.set(EXPIRED_KEY, { ...FULL_ACCESS_KEY, expired: true, expirationTimeUtc: "2026-01-01T00:00:00.000Z" });
	service = await startService("deployments", { env: { ROBLOX_OPEN_CLOUD_URL: fake.url } });
	browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
	for (const { context } of opened) await context.close().catch(() => undefined);
	await browser?.close();
	if (tracker.failed && service !== undefined) saveLog(service, "deployments");
	await service?.stop();
	await fake?.close();
}, 60_000);

async function signedIn(account: Account, path: string): Promise<WatchedPage> {
	const watched = await signInAt(browser, service.url, account, path);
	opened.push(watched);
	return watched;
}

function environmentCard(page: Page, name: string): Locator {
	return page.getByRole("article", { name: new RegExp(`^${name} `) });
}

async function fillEnvironment(form: Locator, values: { name?: string; universe?: string; place?: string; key?: string }): Promise<void> {
	if (values.name !== undefined) await form.getByLabel("Name").fill(values.name);
	if (values.universe !== undefined) await form.getByLabel("Universe id").fill(values.universe);
	if (values.place !== undefined) await form.getByLabel("Place id").fill(values.place);
	if (values.key !== undefined) await form.getByLabel(/Open Cloud API key/).fill(values.key);
}

describe("Deployments page", () => {
	let admin: Account;

	it("an admin adds a dry-run environment, is told plainly when a key is refused, and sees a key's scopes and what it lacks", () =>
		run(async () => {
			admin = await signup(service, "nakamura");
			const w = await signedIn(admin, "/deployments");
			const { page } = w;
			await page.getByRole("heading", { level: 1, name: "Deployments" }).waitFor();
			await page.getByText("No environments yet.").waitFor();
			await screenshot(page, "deployments-empty");

			const form = page.getByRole("form", { name: "Add an environment" });
			await fillEnvironment(form, { name: "Staging", universe: "4815162342", place: "abc" });
			await form.getByRole("button", { name: "Add environment" }).click();
			await expect(form.getByLabel("Name").getAttribute("aria-invalid")).resolves.toBe("true");
			await expect(form.getByText("Use 1 to 32 lower-case letters").textContent()).resolves.toContain("dashes");
			await expect(form.getByLabel("Place id").getAttribute("aria-invalid")).resolves.toBe("true");
			await screenshot(page, "deployments-form-errors");

			await fillEnvironment(form, { name: "staging", place: "1623420815" });
			await form.getByRole("button", { name: "Add environment" }).click();
			await page.getByRole("status").filter({ hasText: "Environment “staging” added (dry run)." }).waitFor();
			const staging = environmentCard(page, "staging");
			await expect(staging.getByRole("heading", { level: 3 }).textContent()).resolves.toBe("staging Dry run");
			await expect(staging.getByTestId("key-status").textContent()).resolves.toContain("No Open Cloud API key: deploys to staging are dry runs");

			// An expired key: the key field says so, and nothing was added.
			await fillEnvironment(form, { name: "production", universe: "4815162342", place: "1623420815", key: EXPIRED_KEY });
			await form.getByRole("button", { name: "Add environment" }).click();
			const keyError = form.locator("#new-env-key-error");
			await keyError.waitFor();
			await expect(keyError.textContent()).resolves.toContain("has expired (2026-01-01T00:00:00.000Z)");
			await expect(keyError.textContent()).resolves.toContain("Nothing was saved.");
			await expect(page.getByRole("article").count()).resolves.toBe(1);
			await screenshot(page, "deployments-key-refused");

			// A key lacking scopes: saved, live, and the gaps said in words with what to grant.
			await form.getByLabel(/Open Cloud API key/).fill(PARTIAL_KEY);
			await form.getByRole("button", { name: "Add environment" }).click();
			await page.getByRole("status").filter({ hasText: "Environment “production” added with its key checked." }).waitFor();
			const production = environmentCard(page, "production");
			await expect(production.getByRole("heading", { level: 3 }).textContent()).resolves.toBe("production Live");
			await expect(production.getByTestId("key-last-four").textContent()).resolves.toBe("…Pp44");
			const status = (await production.getByTestId("key-status").textContent()) ?? "";
			expect(status).toContain("“publish only” · owner: Roblox user 234");
			expect(status).toContain("universe-places: write (experience 4815162342)");
			expect(status).toContain("Deploys to production will fail");
			await expect(production.getByTestId("missing-scopes").getByRole("listitem").allTextContents()).resolves.toEqual([
				"tell running game servers that new lessons are out — add universe-messaging-service → Publish for experience 4815162342",
				"store lesson content for the game (first time) — add universe-datastores → Create Entry for experience 4815162342",
				"update lesson content for the game — add universe-datastores → Update Entry for experience 4815162342",
			]);
			await screenshot(page, "deployments-missing-scopes");

			// Edit: a full key replaces it; the page never holds any key, the form's field is emptied.
			await production.getByRole("button", { name: "Edit production" }).click();
			const edit = page.getByRole("form", { name: "Edit production" });
			await expect(edit.getByLabel("New Open Cloud API key").inputValue()).resolves.toBe("");
			await edit.getByLabel("New Open Cloud API key").fill(FULL_KEY);
			await edit.getByRole("button", { name: "Save changes" }).click();
			await page.getByRole("status").filter({ hasText: "Environment “production” saved." }).waitFor();
			await expect(environmentCard(page, "production").getByTestId("key-last-four").textContent()).resolves.toBe("…Zq9X");
			await environmentCard(page, "production").getByText("The key can do everything a deploy needs.").waitFor();
			const html = await page.content();
			for (const key of [FULL_KEY, PARTIAL_KEY, EXPIRED_KEY]) expect(html).not.toContain(key);
			await screenshot(page, "deployments-full-key");

			// Delete, with a confirmation.
			await environmentCard(page, "staging").getByRole("button", { name: "Delete staging" }).click();
			await page.getByRole("group", { name: "Confirm deleting staging" }).getByRole("button", { name: "Delete environment" }).click();
			await page.getByRole("status").filter({ hasText: "Environment “staging” deleted." }).waitFor();
			await expect(page.getByRole("article").count()).resolves.toBe(1);

			const listed = await api<{ items: Array<{ name: string; mode: string }> }>(service.url, "GET", "/v1/environments", undefined, admin.accessToken);
			expect(listed.body.items.map((e) => [e.name, e.mode])).toEqual([["production", "live"]]);
			expect(fake.requests.filter((r) => r.path === "/api-keys/v1/introspect").map((r) => JSON.parse(r.body.toString()).apiKey)).toEqual([EXPIRED_KEY, PARTIAL_KEY, FULL_KEY]);
			expect(w.problems).toEqual([]);
		}));

	it("a teacher sees environments and their key status but no way to change them", () =>
		run(async () => {
			const teacher = await signup(service, "okoro");
			const invited = await api(service.url, "POST", "/v1/invitations", { email: teacher.email, role: "teacher" }, admin.accessToken);
			expect(invited.status).toBe(201);
			const mail = (await waitForMail(service, teacher.email, "invitation")) ?? "";
			const token = decodeURIComponent(/[?&]token=([A-Za-z0-9_%-]+)/.exec(mail)?.[1] ?? "");
			expect((await api(service.url, "POST", "/v1/invitations/accept", { token, password: teacher.password })).status).toBeLessThan(300);

			const w = await openPage(browser, service.url);
			opened.push(w);
			const { page } = w;
			await page.goto("/sign-in?next=%2Fdeployments");
			await page.getByLabel("Email").fill(teacher.email);
			await page.getByLabel("Password").fill(teacher.password);
			await page.getByRole("button", { name: "Sign in" }).click();
			await page.getByRole("group", { name: "School" }).getByLabel(admin.organizationName).check();
			await page.getByRole("button", { name: "Continue" }).click();
			await page.waitForURL((url) => url.pathname === "/deployments");
			const production = environmentCard(page, "production");
			await production.getByText("The key can do everything a deploy needs.").waitFor();
			await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).resolves.toEqual([
				"Home",
				"Approve Studio",
				"Classes",
				"Lessons",
				"Deployments",
			]);
			await expect(page.getByRole("form").count()).resolves.toBe(0);
			await expect(page.getByRole("button", { name: /Edit|Delete|Roll back/ }).count()).resolves.toBe(0);
			await screenshot(page, "deployments-teacher");
			expect(w.problems).toEqual([]);
		}));

	it("an environment's recent deployments show release, status and steps; Rollback redeploys an earlier release, watched until it succeeds", () =>
		run(async () => {
			const created = await api(service.url, "POST", "/v1/environments", { name: "qa", universeId: 4815162342, placeId: 1623420815 }, admin.accessToken);
			expect(created.status).toBe(201);
			// Two releases (seeded: the releases API is not part of this page), deployed through the API; the service's own worker runs the jobs.
			const deployed: string[] = [];
			for (const label of ["one", "two"]) {
				const release = await seedRelease(service, admin.tenantId, placeFile(label));
				const started = await api<{ id: string }>(service.url, "POST", "/v1/deployments", { environment: "qa", releaseId: release.id }, admin.accessToken);
				expect(started.status).toBe(202);
				deployed.push(started.body.id);
				for (let polls = 0; ; polls++) {
					const now = await api<{ status: string }>(service.url, "GET", `/v1/deployments/${started.body.id}`, undefined, admin.accessToken);
					if (now.body.status === "succeeded") break;
					if (now.body.status === "failed" || polls > 300) throw new Error(`deployment ended ${JSON.stringify(now.body)}`);
					await new Promise((resolve) => setTimeout(resolve, 200));
				}
			}

			const w = await signedIn(admin, "/deployments");
			const { page } = w;
			const qa = environmentCard(page, "qa");
			const rows = qa.getByTestId("deployment-row");
			await rows.nth(1).waitFor();
			const cells = async (row: Locator) => (await row.locator("th, td").allTextContents()).slice(1, 5);
			expect(await cells(rows.nth(0))).toEqual(["#2", "Deploy (dry run)", "Succeeded", "5/5"]);
			expect(await cells(rows.nth(1))).toEqual(["#1", "Deploy (dry run)", "Succeeded", "5/5"]);
			// The newest successful deployment is what runs: only the earlier one offers a rollback.
			await expect(rows.nth(0).getByRole("button").count()).resolves.toBe(0);
			await screenshot(page, "deployments-history");

			await qa.getByRole("button", { name: "Roll back to release 1" }).click();
			await qa.getByRole("group", { name: "Confirm rolling back to release 1" }).getByRole("button", { name: "Roll back" }).click();
			await qa.getByRole("status").filter({ hasText: "Rolling back qa to release 1." }).waitFor();
			await expect(rows.count()).resolves.toBe(3);
			expect((await cells(rows.nth(0))).slice(0, 2)).toEqual(["#1", "Rollback (dry run)"]);
			// Refreshed while it runs, until it has succeeded.
			await rows.nth(0).getByText("Succeeded").waitFor({ timeout: 60_000 });
			expect(await cells(rows.nth(0))).toEqual(["#1", "Rollback (dry run)", "Succeeded", "5/5"]);
			await rows.nth(1).getByRole("button", { name: "Roll back to release 2" }).waitFor();
			// Release 1 runs again: its older deployment offers no rollback now.
			await expect(rows.nth(2).getByRole("button").count()).resolves.toBe(0);
			await screenshot(page, "deployments-rolled-back");

			const history = await api<{ items: Array<{ kind: string; releaseNumber: number; rollbackOf?: string }> }>(
				service.url,
				"GET",
				"/v1/deployments?environment=qa",
				undefined,
				admin.accessToken,
			);
			expect(history.body.items.map((d) => [d.kind, d.releaseNumber, d.rollbackOf])).toEqual([
				["rollback", 1, deployed[0]],
				["deploy", 2, undefined],
				["deploy", 1, undefined],
			]);
			expect(w.problems).toEqual([]);
		}));

	it("a live deployment Roblox refuses shows as failed, with how far it got and Roblox's reason in plain words", () =>
		run(async () => {
			// production deploys live, to the fake, with the full key saved above; the fake refuses the publish as Team Create does.
			fake.inject(/^POST \/universes\/v1\/\d+\/places\/\d+\/versions$/, { status: 409, body: JSON.stringify({ code: "ABORTED", message: "Place is open in Team Create" }) });
			const release = await seedRelease(service, admin.tenantId, placeFile("three"));
			const started = await api<{ dryRun: boolean }>(service.url, "POST", "/v1/deployments", { environment: "production", releaseId: release.id }, admin.accessToken);
			expect(started.status).toBe(202);
			expect(started.body.dryRun).toBe(false);

			const w = await signedIn(admin, "/deployments");
			const row = environmentCard(w.page, "production").getByTestId("deployment-row").first();
			await row.getByText("Failed").waitFor({ timeout: 60_000 });
			const cells = (await row.locator("th, td").allTextContents()).slice(1);
			expect(cells.slice(0, 3)).toEqual([`#${release.number}`, "Deploy", "Failed"]);
			expect(cells[3]).toMatch(/^[0-4]\/5$/);
			expect(cells[4]).toContain("Team Create");
			// A failed deployment is not one to roll back to.
			await expect(row.getByRole("button").count()).resolves.toBe(0);
			await screenshot(w.page, "deployments-failed");
			expect(fake.requests.some((r) => r.path.endsWith("/versions") && r.status === 409)).toBe(true);
			expect(w.problems).toEqual([]);
		}));
});
