/**
 * The dashboard in a real browser against the real service: sign-in (wrong password, throttling, sign-out),
 * API keys (secret shown once, revoke), the audit log (paging), and Studio device approval end to end.
 * Setup goes through the API (signup, device code); everything a person does goes through the pages.
 */
import { readFileSync } from "node:fs";
import { isUuid } from "@toolboxai/shared/node";
import { Client } from "pg";
import type { Browser, Cookie, Page } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { openPage, screenshot, type WatchedPage } from "./support/browser";
import { lastMailTo, type Service, waitForMail } from "./support/service";
import { browserSuite } from "./support/suite";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("dashboard", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

let sharedSchool: Promise<Account> | undefined;
/**
 * One school and admin for the tests that leave no trace others could see (sign-ups are limited to 10 an hour
 * per address); tests that lock, rename or fill an account make their own.
 */
function school(): Promise<Account> {
	sharedSchool ??= signup(service, "rivera");
	return sharedSchool;
}

/** Fails the test on console errors, CSP refusals or uncaught exceptions in the page. */
async function watched(): Promise<WatchedPage> {
	const page = await openPage(browser, service.url);
	opened.push(page);
	return page;
}

function noProblems(page: WatchedPage): void {
	expect(page.problems).toEqual([]);
}

async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
	await page.getByLabel("Email").fill(email);
	await page.getByLabel("Password").fill(password);
	await page.getByRole("button", { name: "Sign in" }).click();
}

/** The dashboard's refresh cookie in this page's browser context (httpOnly: the page itself cannot read it). */
async function refreshCookieOf(w: WatchedPage): Promise<Cookie | undefined> {
	return (await w.context.cookies()).find((cookie) => cookie.name === "toolboxai_refresh");
}

/** The refresh cookie once the page has rotated it away from `before` (waits up to 15 s). */
async function rotatedCookie(w: WatchedPage, before: string): Promise<string> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const value = (await refreshCookieOf(w))?.value;
		if (value !== undefined && value !== before) return value;
		if (Date.now() > deadline) throw new Error("the page did not refresh its session within 15 s");
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Every refresh token rotated so far looks rotated 31 s earlier: past the service's reuse interval. */
async function moveRotationsBack(target: Service): Promise<void> {
	const client = new Client({ connectionString: target.databaseUrl });
	await client.connect();
	try {
		await client.query("UPDATE auth_refresh_tokens SET rotated_at = rotated_at - interval '31 seconds' WHERE rotated_at IS NOT NULL");
	} finally {
		await client.end();
	}
}

async function signedIn(account: Account, path = "/"): Promise<WatchedPage> {
	const watchedPage = await watched();
	await watchedPage.page.goto(path);
	await watchedPage.page.waitForURL(/\/sign-in\?next=/);
	await fillSignIn(watchedPage.page, account.email, account.password);
	await watchedPage.page.waitForURL((url) => url.pathname === path);
	return watchedPage;
}

describe("serving", () => {
	it("`npm start` answers /healthz and serves the dashboard beside the JSON API", () =>
		run(async () => {
			// (A start that hangs fails at the start deadline in support/service.ts; its duration is not asserted.)
			for (const route of ["/", "/device?code=BDFG-HJKL", "/api-keys", "/audit", "/deployments", "/sign-in", "/sign-up", "/sign-up/complete?token=x"]) {
				const res = await fetch(`${service.url}${route}`);
				expect({ route, status: res.status }).toEqual({ route, status: 200 });
				expect(res.headers.get("content-type")).toMatch(/^text\/html/);
				expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
			}
			const missing = await fetch(`${service.url}/v1/no-such-route`, { headers: { Accept: "text/html" } });
			expect(missing.status).toBe(404);
			expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
			// On a real database there is no demo school, so no sign-in hint.
			expect(await (await fetch(`${service.url}/v1/meta`)).json()).not.toHaveProperty("demoSignIn");
		}));
});

describe("sign-in and sign-out", () => {
	it("a wrong password shows the error, the right one brings the person back where they were, sign-out ends the session", () =>
		run(async () => {
			const admin = await school();
			const w = await watched();
			const { page } = w;
			await page.goto("/api-keys");
			await page.waitForURL(/\/sign-in\?next=%2Fapi-keys$/);
			await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Sign in");

			await fillSignIn(page, admin.email, "not the password at all");
			await expect(page.getByRole("alert").textContent()).resolves.toBe("Wrong email or password.");
			await expect(page.getByLabel("Password").inputValue()).resolves.toBe("");
			await expect(page.getByLabel("Email").getAttribute("aria-invalid")).resolves.toBe("true");
			await screenshot(page, "sign-in-wrong-password");

			await fillSignIn(page, admin.email, admin.password);
			await page.waitForURL((url) => url.pathname === "/api-keys");
			await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();

			// The refresh token is in an httpOnly cookie the page's script cannot read; the access token only in memory.
			const refreshCookie = await refreshCookieOf(w);
			expect(refreshCookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/v1/auth/session" });
			const refreshToken = refreshCookie?.value;
			expect(refreshToken).toMatch(/^rt_/);
			expect(await page.evaluate(() => document.cookie)).toBe("");
			expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);

			await page.getByRole("link", { name: "Home" }).click();
			await page.getByRole("heading", { level: 1, name: `Welcome, ${admin.displayName}` }).waitFor();
			await expect(page.locator("main").textContent()).resolves.toContain(admin.organizationName);
			await screenshot(page, "home");

			// A reload keeps the session: the refresh token buys a new access token silently.
			await page.reload();
			await page.getByRole("heading", { level: 1, name: `Welcome, ${admin.displayName}` }).waitFor();
			const rotated = (await refreshCookieOf(w))?.value;
			expect(rotated).not.toBe(refreshToken);

			await page.getByRole("button", { name: "Sign out" }).click();
			await page.waitForURL(/\/sign-in\?signedOut=1$/);
			await expect(page.getByRole("status").first().textContent()).resolves.toBe("You are signed out.");
			expect(await refreshCookieOf(w)).toBeUndefined();
			await screenshot(page, "signed-out");
			// The service revoked the session: its refresh token no longer works.
			const refused = await api(service.url, "POST", "/v1/auth/refresh", { refreshToken: rotated });
			expect(refused.status).toBe(401);

			await page.goto("/audit");
			await page.waitForURL(/\/sign-in\?next=%2Faudit$/);
			noProblems(w);
		}));

	it("refreshes the access token silently before it expires; a session revoked elsewhere sends the page to sign-in", () =>
		run(async () => {
			const admin = await school();
			const w = await watched();
			const { page } = w;
			// The page's clock is ours to move: 14 minutes pass in an instant (the access token lives at most 15).
			await page.clock.install();
			await page.goto("/");
			await fillSignIn(page, admin.email, admin.password);
			await page.getByRole("heading", { level: 1, name: `Welcome, ${admin.displayName}` }).waitFor();
			const first = (await refreshCookieOf(w))?.value;
			expect(first).toMatch(/^rt_/);

			await page.clock.fastForward("14:30");
			const second = await rotatedCookie(w, first as string);
			// An authenticated call with the refreshed token (the shared school never gets keys).
			await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
			await page.getByText("No keys yet.").waitFor();

			// Someone replays the first (already rotated) refresh token after the 30-second reuse interval (the rotation is
			// moved back in time): the service revokes the whole session family.
			await moveRotationsBack(service);
			expect((await api(service.url, "POST", "/v1/auth/refresh", { refreshToken: first })).status).toBe(401);
			expect((await api(service.url, "POST", "/v1/auth/refresh", { refreshToken: second })).status).toBe(401);
			// The page's next silent refresh is refused, so it forgets the session and asks to sign in.
			await page.clock.fastForward("14:30");
			await page.waitForURL(/\/sign-in\?next=%2Fapi-keys&ended=refresh_reuse$/);
			await page.getByText("You were signed out because your sign-in was used from two places at once").waitFor();
			expect(await refreshCookieOf(w)).toBeUndefined();
			noProblems(w);
		}));

	it("a person in two schools chooses the school (409 from the API), and sees what their role there allows", () =>
		run(async () => {
			const person = await signup(service, "lindqvist");
			const other = await school();
			const invited = await api(service.url, "POST", "/v1/invitations", { email: person.email, role: "teacher" }, other.accessToken);
			expect(invited.status).toBe(201);
			const mail = (await waitForMail(service, person.email, "invitation")) ?? "";
			const token = decodeURIComponent(/[?&]token=([A-Za-z0-9_%-]+)/.exec(mail)?.[1] ?? "");
			expect(token).not.toBe("");
			const accepted = await api(service.url, "POST", "/v1/invitations/accept", { token, password: person.password });
			expect(accepted.status).toBeLessThan(300);

			const w = await watched();
			const { page } = w;
			await page.goto("/sign-in");
			await fillSignIn(page, person.email, person.password);
			const choice = page.getByRole("group", { name: "School" });
			await choice.waitFor();
			await expect(page.getByRole("alert").textContent()).resolves.toBe("You belong to several schools. Choose one to continue.");
			await expect(choice.getByRole("radio").count()).resolves.toBe(2);
			await screenshot(page, "sign-in-choose-school");
			await page.getByRole("button", { name: "Continue" }).click();
			await expect(page.getByRole("alert").textContent()).resolves.toBe("Choose the school to sign in to.");
			await choice.getByLabel(other.organizationName).check();
			await page.getByRole("button", { name: "Continue" }).click();
			await page.getByRole("heading", { level: 1, name: `Welcome, ${person.displayName}` }).waitFor();
			await expect(page.locator("main").textContent()).resolves.toContain(`Signed in to ${other.organizationName} as teacher.`);
			// A teacher may approve Studio and read deployments, but not manage keys or read the audit log: the menu shows only what works.
			const menu = page.getByRole("navigation", { name: "Main" });
			await expect(menu.getByRole("link").allTextContents()).resolves.toEqual(["Home", "Approve Studio", "Classes", "Lessons", "Deployments"]);
			noProblems(w);
		}));

	it("never follows a `next` that leaves the dashboard (open redirect)", () =>
		run(async () => {
			const admin = await school();
			const w = await watched();
			for (const next of ["//evil.example/phish", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
				await w.page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
				await fillSignIn(w.page, admin.email, admin.password);
				await w.page.getByRole("heading", { level: 1, name: `Welcome, ${admin.displayName}` }).waitFor();
				expect(new URL(w.page.url()).origin).toBe(new URL(service.url).origin);
				expect(new URL(w.page.url()).pathname).toBe("/");
			}
			noProblems(w);
		}));

	it("after too many wrong passwords the page says how long to wait (429)", () =>
		run(async () => {
			const teacher = await signup(service, "okafor");
			let status = 0;
			for (let attempt = 0; attempt < 10 && status !== 429; attempt++) {
				status = (await api(service.url, "POST", "/v1/auth/login", { email: teacher.email, password: "wrong password here" })).status;
			}
			expect(status).toBe(429);
			const w = await watched();
			await w.page.goto("/sign-in");
			await fillSignIn(w.page, teacher.email, "wrong password here");
			const alert = await w.page.getByRole("alert").textContent();
			expect(alert).toMatch(/^Too many sign-in attempts\. Try again in \d+ (seconds?|minutes?)\.$/);
			await screenshot(w.page, "sign-in-rate-limited");
			noProblems(w);
		}));
});

describe("emailed links", () => {
	it("an invitation link lets a new person choose a name and password and join the school", () =>
		run(async () => {
			const admin = await school();
			const email = `new.teacher.${Date.now()}@maplegrove.example`;
			expect((await api(service.url, "POST", "/v1/invitations", { email, role: "teacher" }, admin.accessToken)).status).toBe(201);
			const link = /https?:\/\/\S+\/invite\?token=[A-Za-z0-9_%-]+/.exec((await waitForMail(service, email, "invitation")) ?? "")?.[0];
			expect(link?.startsWith(`${service.url}/invite?token=`)).toBe(true);

			const w = await watched();
			const { page } = w;
			await page.goto(link ?? "");
			await page.getByRole("heading", { level: 1, name: "Join your school" }).waitFor();
			await page.getByLabel("Your name (as students and colleagues see it)").fill("Mr Alvarez");
			await page.getByLabel("Password").fill("short");
			await page.getByRole("button", { name: "Accept invitation" }).click();
			await expect(page.getByRole("alert").textContent()).resolves.toContain("at least 12 characters");
			await page.getByLabel("Password").fill("maple syrup pancakes at noon");
			await screenshot(page, "invite");
			await page.getByRole("button", { name: "Accept invitation" }).click();
			await page.getByRole("heading", { level: 1, name: "Welcome, Mr Alvarez" }).waitFor();
			await expect(page.locator("main").textContent()).resolves.toContain(`Signed in to ${admin.organizationName} as teacher.`);

			// The link works once.
			const again = await watched();
			await again.page.goto(link ?? "");
			await again.page.getByLabel("Password").fill("maple syrup pancakes at noon");
			await again.page.getByRole("button", { name: "Accept invitation" }).click();
			await expect(again.page.getByRole("alert").textContent()).resolves.toContain("not valid any more");
			noProblems(w);
			noProblems(again);
		}));

	it("sign-up: the page asks for the school and an email, says to check the mail, and the mailed link creates the school and signs in", () =>
		run(async () => {
			const email = `new.head.${Date.now()}@maplegrove.example`;
			const w = await watched();
			const { page } = w;
			await page.goto("/sign-in");
			await page.getByRole("link", { name: "Create your school" }).click();
			await page.getByRole("heading", { level: 1, name: "Create your school" }).waitFor();
			await page.getByLabel("Email").fill(email);
			await page.getByRole("button", { name: "Email me a link" }).click();
			await expect(page.getByRole("alert").textContent()).resolves.toBe("Give your school's name.");
			await page.getByLabel("School name").fill("Juniper Ridge Academy");
			await page.getByRole("button", { name: "Email me a link" }).click();
			await page.getByRole("heading", { level: 1, name: "Check your mail" }).waitFor();
			await expect(page.getByRole("status").textContent()).resolves.toContain(`We have emailed ${email}. Open the link in that email within 24 hours`);
			await screenshot(page, "sign-up-check-mail");

			const link = /https?:\/\/\S+\/sign-up\/complete\?token=[A-Za-z0-9_%-]+/.exec(await waitForMail(service, email, "signup-finish"))?.[0];
			expect(link?.startsWith(`${service.url}/sign-up/complete?token=`)).toBe(true);
			await page.goto(link ?? "");
			await page.getByRole("heading", { level: 1, name: "Finish creating your school" }).waitFor();
			await page.getByLabel("Your name (as students and colleagues see it)").fill("Dr Okonkwo");
			await page.getByLabel("Password", { exact: true }).fill("juniper ridge on a hill");
			await page.getByLabel("Repeat the password").fill("juniper ridge on a hil");
			await page.getByRole("button", { name: "Create school" }).click();
			await expect(page.getByRole("alert").textContent()).resolves.toBe("The two passwords differ.");
			await page.getByLabel("Repeat the password").fill("juniper ridge on a hill");
			await screenshot(page, "sign-up-finish");
			await page.getByRole("button", { name: "Create school" }).click();
			await page.getByRole("heading", { level: 1, name: "Welcome, Dr Okonkwo" }).waitFor();
			await expect(page.locator("main").textContent()).resolves.toContain("Signed in to Juniper Ridge Academy as tenant admin.");

			// The link works once.
			const again = await watched();
			await again.page.goto(link ?? "");
			await again.page.getByLabel("Password", { exact: true }).fill("juniper ridge on a hill");
			await again.page.getByLabel("Repeat the password").fill("juniper ridge on a hill");
			await again.page.getByRole("button", { name: "Create school" }).click();
			await expect(again.page.getByRole("alert").textContent()).resolves.toContain("not valid any more");
			await again.page.getByRole("link", { name: "Start again." }).waitFor();
			noProblems(w);
			noProblems(again);
		}));

	it("forgot password: the emailed link sets a new password, the old one stops working", () =>
		run(async () => {
			const person = await signup(service, "tanaka");
			const w = await watched();
			const { page } = w;
			await page.goto("/sign-in");
			await page.getByRole("link", { name: "Forgot your password?" }).click();
			await page.getByRole("heading", { level: 1, name: "Reset your password" }).waitFor();
			await page.getByLabel("Email").fill(person.email);
			await page.getByRole("button", { name: "Email me a link" }).click();
			await page.getByText(`If ${person.email} has a ToolBoxAI account`).waitFor();

			// The mail is sent by a queued job: wait for it (generously, on a busy machine).
			let link: string | undefined;
			const deadline = Date.now() + 30_000;
			for (;;) {
				link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_%-]+/.exec((await lastMailTo(service, person.email)) ?? "")?.[0];
				if (link !== undefined || Date.now() > deadline) break;
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			expect(link?.startsWith(`${service.url}/reset-password?token=`)).toBe(true);
			await page.goto(link ?? "");
			await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
			await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase here");
			await page.getByLabel("Repeat the new password").fill("a brand new passphrase, typo");
			await page.getByRole("button", { name: "Set new password" }).click();
			await expect(page.getByRole("alert").textContent()).resolves.toBe("The two passwords differ.");
			await page.getByLabel("Repeat the new password").fill("a brand new passphrase here");
			await screenshot(page, "reset-password");
			await page.getByRole("button", { name: "Set new password" }).click();
			await page.waitForURL(/\/sign-in\?reset=1$/);
			await page.getByText("Your password is changed. Sign in with the new one.").waitFor();

			await fillSignIn(page, person.email, person.password);
			await expect(page.getByRole("alert").textContent()).resolves.toBe("Wrong email or password.");
			await fillSignIn(page, person.email, "a brand new passphrase here");
			await page.getByRole("heading", { level: 1, name: `Welcome, ${person.displayName}` }).waitFor();
			noProblems(w);
		}));
});

describe("API keys", () => {
	it("creates a key whose secret is shown once (copy button, warning), then only its prefix; revokes it after confirming", () =>
		run(async () => {
			const admin = await signup(service, "chen");
			const w = await signedIn(admin, "/api-keys");
			const { page } = w;
			await page.getByText("No keys yet.").waitFor();

			await page.getByRole("button", { name: "Create key" }).click();
			await expect(page.getByRole("alert").first().textContent()).resolves.toContain("Give the key a name");
			await page.getByLabel("Name").fill("Fractions experience (production)");
			await page.getByLabel("Universe id (optional)").fill("4815162342");
			await page.getByLabel("classes:join").uncheck();
			await page.getByRole("button", { name: "Create key" }).click();

			const created = page.getByRole("region", { name: "Key “Fractions experience (production)” created" });
			await created.waitFor();
			await expect(created.textContent()).resolves.toContain("shown only this once");
			const secret = await page.getByLabel("Secret").inputValue();
			expect(secret.length).toBeGreaterThanOrEqual(20);
			await page.getByRole("button", { name: "Copy" }).click();
			await page.getByText("Copied to the clipboard.").waitFor();
			expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
			await screenshot(page, "api-key-created");

			// The secret works for a game server, with the scopes chosen.
			const whoami = await fetch(`${service.url}/v1/runtime/whoami`, { headers: { "X-Api-Key": secret } });
			expect(whoami.status).toBe(200);

			await page.reload();
			await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
			const row = page.getByRole("row", { name: /Fractions experience \(production\)/ });
			await row.waitFor();
			const prefix = (await row.getByTestId("key-prefix").textContent())?.replace(/…$/, "") ?? "";
			expect(prefix.length).toBeGreaterThan(0);
			expect(secret.startsWith(prefix)).toBe(true);
			await expect(row.textContent()).resolves.toContain("runtime:read, progress:write");
			await expect(row.textContent()).resolves.toContain("4815162342");
			expect(await page.content()).not.toContain(secret);
			await screenshot(page, "api-keys");

			await row.getByRole("button", { name: "Revoke Fractions experience (production)" }).click();
			const confirm = page.getByRole("group", { name: "Confirm revoking Fractions experience (production)" });
			await expect(confirm.textContent()).resolves.toContain("stop working");
			await confirm.getByRole("button", { name: "Revoke key" }).click();
			await page.getByRole("status").filter({ hasText: "revoked" }).waitFor();
			await expect(row.textContent()).resolves.toMatch(/Revoked/);
			await screenshot(page, "api-key-revoked");
			const afterRevoke = await fetch(`${service.url}/v1/runtime/whoami`, { headers: { "X-Api-Key": secret } });
			expect(afterRevoke.status).toBe(401);
			noProblems(w);
		}));
});

describe("audit log", () => {
	it("lists the sign-in first (newest first) and loads older events with the cursor", () =>
		run(async () => {
			const admin = await signup(service, "novak");
			// More events than one page (50): keys created through the API.
			for (let i = 0; i < 52; i++) {
				const res = await api(service.url, "POST", "/v1/api-keys", { name: `Key ${i}`, scopes: ["runtime:read"] }, admin.accessToken);
				expect(res.status).toBe(201);
			}
			const w = await signedIn(admin, "/audit");
			const { page } = w;
			const rows = page.locator("tbody tr");
			await rows.first().waitFor();
			await expect(rows.first().getAttribute("data-action")).resolves.toBe("auth.login");
			await expect(rows.first().locator("td").nth(1).textContent()).resolves.toBe(`${admin.displayName} signed in.`);
			const firstPage = await rows.count();
			expect(firstPage).toBe(50);
			await screenshot(page, "audit");

			await page.getByRole("button", { name: "Load older events" }).click();
			await page.waitForFunction((count) => document.querySelectorAll("tbody tr").length > count, firstPage);
			const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-action")));
			expect(actions.filter((a) => a === "apikey.created")).toHaveLength(52);
			expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent))).size).toBeGreaterThan(1);
			// Every event is there once, and the oldest (the signup's) is last.
			await expect(page.getByRole("button", { name: "Load older events" }).count()).resolves.toBe(0);
			noProblems(w);
		}));
});

/** Every word on the page a person sees outside the folded technical sections (where ids belong). */
function wordsOutsideTechnicalDetails(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const words: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
			if (node.parentElement?.closest(".technical, script, style") != null) continue;
			words.push(...(node.textContent ?? "").split(/[\s,.;:()‘’“”"'/]+/));
		}
		return words;
	});
}

describe("audit names, filters and CSV", () => {
	it("reads as sentences with names (a game server's key, people), filters by who/what/when from the keyboard, and exports what the filters select", () =>
		run(async () => {
			const admin = await signup(service, "okafor");
			const created = await api<{ id: string; joinCode: string }>(service.url, "POST", "/v1/classes", { name: "Period 3" }, admin.accessToken);
			expect(created.status).toBe(201);
			const lab = await api<{ secret: string }>(service.url, "POST", "/v1/api-keys", { name: "Lab key", scopes: ["runtime:read", "classes:join"] }, admin.accessToken);
			expect(lab.status).toBe(201);
			const joined = await fetch(`${service.url}/v1/runtime/classes/join`, {
				method: "POST",
				headers: { "Content-Type": "application/json", "X-Api-Key": lab.body.secret },
				body: JSON.stringify({ joinCode: created.body.joinCode, robloxUserId: 7654321, displayName: "BlockBuilder42" }),
			});
			expect(joined.status).toBe(200);
			// A name a spreadsheet would run as a formula: the CSV must keep it text.
			expect((await api(service.url, "POST", "/v1/api-keys", { name: "=SUM(1+1)", scopes: ["runtime:read"] }, admin.accessToken)).status).toBe(201);

			const w = await signedIn(admin, "/audit");
			const { page } = w;
			await page.getByRole("cell", { name: "BlockBuilder42 joined Period 3 through a game server using key ‘Lab key’." }).waitFor();
			await page.getByRole("cell", { name: `${admin.displayName} created the class Period 3.` }).waitFor();
			await page.getByRole("cell", { name: `${admin.displayName} created the API key ‘Lab key’ (classes:join, runtime:read).` }).waitFor();
			expect((await wordsOutsideTechnicalDetails(page)).filter(isUuid)).toEqual([]);
			await screenshot(page, "audit-sentences");

			// The ids stay one keyboard press away, folded.
			const joinRow = page.locator('tr[data-action="class.student_joined"]');
			await joinRow.locator("summary").focus();
			await page.keyboard.press("Enter");
			await joinRow.getByText("class.student_joined").waitFor();

			// Who: typed, applied with Enter.
			const rows = page.locator("tbody tr");
			await page.getByLabel("Who").focus();
			await page.keyboard.type("lab KEY");
			await page.keyboard.press("Enter");
			await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1);
			await expect(rows.first().getAttribute("data-action")).resolves.toBe("class.student_joined");
			await screenshot(page, "audit-filtered");

			// What, with nobody named.
			await page.getByRole("button", { name: "Clear filters" }).click();
			await page.getByLabel("What").selectOption({ label: "API key created" });
			await page.getByRole("button", { name: "Show events" }).click();
			await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 2);
			expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-action"))))).toEqual(new Set(["apikey.created"]));

			// CSV of exactly what the filters select, a formula-leading name kept as text.
			const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export these events (CSV)" }).click()]);
			const csv = readFileSync(await download.path(), "utf8")
				.trimEnd()
				.split("\r\n");
			expect(csv[0]).toBe("When (UTC),What happened,Who,Target,Event,IP,Request id");
			expect(csv).toHaveLength(3);
			expect(csv.slice(1).every((line) => line.includes(",apikey.created,"))).toBe(true);
			expect(csv.some((line) => line.includes(`,${admin.displayName},'=SUM(1+1),apikey.created,`))).toBe(true);
			await page.getByText("Exported 2 events.").waitFor();

			// When: nothing from tomorrow on; today's events from today.
			const day = (offset: number) => {
				const date = new Date(Date.now() + offset * 86_400_000);
				return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
			};
			await page.getByLabel("From").fill(day(1));
			await page.getByRole("button", { name: "Show events" }).click();
			await page.getByText("No events match these filters.").waitFor();
			await page.getByLabel("From").fill(day(0));
			await page.getByLabel("To (including)").fill(day(0));
			await page.getByRole("button", { name: "Show events" }).click();
			await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 2);
			noProblems(w);
		}));
});

describe("Studio device approval", () => {
	async function deviceCode(deviceName: string) {
		const res = await api(service.url, "POST", "/v1/auth/device/code", { clientId: "toolboxai-studio-plugin", deviceName });
		expect(res.status).toBe(200);
		return res.body as { deviceCode: string; userCode: string; verificationUri: string; verificationUriComplete: string; interval: number };
	}

	it("the verification link asks to sign in, returns to the code, and Approve gives the plugin its tokens", () =>
		run(async () => {
			const teacher = await school();
			const code = await deviceCode("Studio on LAB-PC-07");
			expect(code.verificationUriComplete).toBe(`${service.url}/device?code=${code.userCode}`);

			const w = await watched();
			const { page } = w;
			await page.goto(code.verificationUriComplete);
			await page.waitForURL(/\/sign-in\?next=/);
			await page.getByText("Sign in to approve the Roblox Studio sign-in request.").waitFor();
			await screenshot(page, "device-sign-in");
			await fillSignIn(page, teacher.email, teacher.password);
			await page.waitForURL((url) => url.pathname === "/device" && url.searchParams.get("code") === code.userCode);

			await expect(page.getByTestId("device-name").textContent()).resolves.toBe("Studio on LAB-PC-07");
			await expect(page.locator(".facts .code").textContent()).resolves.toBe(code.userCode);
			await screenshot(page, "device");
			await page.getByRole("button", { name: "Approve" }).click();
			await page.getByText("Approved. Roblox Studio is signed in").waitFor();
			await screenshot(page, "device-approved");

			const token = await api<{ accessToken: string }>(service.url, "POST", "/v1/auth/device/token", { deviceCode: code.deviceCode });
			expect(token.status).toBe(200);
			expect(token.body).toEqual(expect.objectContaining({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: "Bearer" }));
			const me = await api<{ user: { id: string } }>(service.url, "GET", "/v1/me", undefined, token.body.accessToken);
			expect(me.status).toBe(200);
			expect(me.body.user.id).toBe(teacher.userId);

			// Deny: the plugin is told access_denied.
			// Typed by hand on the bare verificationUri, in lower case and without the dash.
			const second = await deviceCode("Studio on LAB-PC-08");
			await page.goto(second.verificationUri);
			await page.getByLabel("Code shown in Roblox Studio").fill(second.userCode.toLowerCase().replace("-", ""));
			await screenshot(page, "device-enter-code");
			await page.getByRole("button", { name: "Continue" }).click();
			await page.waitForURL((url) => url.searchParams.get("code") === second.userCode);
			await expect(page.getByTestId("device-name").textContent()).resolves.toBe("Studio on LAB-PC-08");
			await page.getByRole("button", { name: "Deny" }).click();
			await page.getByText("Denied. Roblox Studio was not signed in.").waitFor();
			const denied = await api<{ error: { code: string } }>(service.url, "POST", "/v1/auth/device/token", { deviceCode: second.deviceCode });
			expect(denied.status).toBe(400);
			expect(denied.body.error.code).toBe("access_denied");

			// An unknown code says so, and offers to type it again.
			await page.goto("/device?code=BCDF-GHJK");
			await expect(page.getByRole("alert").textContent()).resolves.toContain("No sign-in request is waiting for code BCDF-GHJK");
			await page.getByLabel("Code shown in Roblox Studio").waitFor();
			noProblems(w);
		}));
});
