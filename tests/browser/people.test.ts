/**
 * The people pages in a real browser against the real service: an invitation sent from the Invitations page,
 * accepted by the emailed link, and the role changed on the Members page (keyboard only); the Members page paging
 * through 120 members and finding one by name and by exact email; guardians linked and unlinked. Setup goes
 * through the API and SQL; what an admin does goes through the pages.
 */
import type { Browser } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { openPage, screenshot, signInAt, type WatchedPage } from "./support/browser";
import { mainOverflow, seedMembers, serviceQuery, uuidShapedText } from "./support/people";
import { type Service, waitForMail } from "./support/service";
import { browserSuite } from "./support/suite";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("people", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

let sharedSchool: Promise<Account> | undefined;
function school(): Promise<Account> {
	sharedSchool ??= signup(service, "people");
	return sharedSchool;
}

async function adminAt(path: string): Promise<WatchedPage> {
	const admin = await school();
	const w = await signInAt(browser, service.url, admin, path);
	opened.push(w);
	return w;
}

/** A person's page is readable: no console errors or axe problems, no ids on screen, and no sideways scrolling at 360 px. */
async function checkPage(w: WatchedPage, name: string): Promise<void> {
	await screenshot(w.page, name);
	expect(await uuidShapedText(w.page)).toEqual([]);
	await w.page.setViewportSize({ width: 360, height: 740 });
	expect(await mainOverflow(w.page)).toBe(0);
	await screenshot(w.page, `${name}-phone`);
	await w.page.setViewportSize({ width: 1200, height: 820 });
}

describe("people pages", () => {
	it("an admin invites a teacher, the teacher accepts and gets the role, the admin changes it", () =>
		run(async () => {
			const admin = await school();
			const email = `invited.teacher.${Date.now()}@maplegrove.example`;
			const w = await adminAt("/invitations");
			const { page } = w;
			await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invitations" }).waitFor();
			await page.getByLabel("Their email").fill(email);
			await page.getByLabel("Role").selectOption("teacher");
			await page.getByRole("button", { name: "Send invitation" }).click();
			await expect(page.getByRole("status").filter({ hasText: "Invitation sent" }).textContent()).resolves.toBe(`Invitation sent to ${email} as teacher.`);
			const row = page.getByTestId("invitation-row").filter({ hasText: email });
			await row.getByText("Waiting").waitFor();
			await checkPage(w, "invitations");

			const link = /https?:\/\/\S+\/invite\?token=[A-Za-z0-9_%-]+/.exec(await waitForMail(service, email, "invitation"))?.[0];
			const invited = await openPage(browser, service.url);
			opened.push(invited);
			await invited.page.goto(link ?? "");
			await invited.page.getByLabel("Your name (as students and colleagues see it)").fill("Mr Okafor");
			await invited.page.getByLabel("Password").fill("maple syrup pancakes at noon");
			await invited.page.getByRole("button", { name: "Accept invitation" }).click();
			await invited.page.getByRole("heading", { level: 1, name: "Welcome, Mr Okafor" }).waitFor();
			await expect(invited.page.locator("main").textContent()).resolves.toContain(`Signed in to ${admin.organizationName} as teacher.`);

			await page.reload();
			await page.getByTestId("invitation-row").filter({ hasText: email }).getByText("Accepted").waitFor();

			// The role change with the keyboard alone.
			await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
			await page.getByRole("heading", { level: 1, name: "Members" }).waitFor();
			await page.getByLabel("Name or exact email").focus();
			await page.keyboard.type(email.toUpperCase());
			await page.keyboard.press("Enter");
			await page.getByText("Showing 1 member.").waitFor();
			await expect(page.getByTestId("member-row").getByRole("cell").nth(1).textContent()).resolves.toBe("Teacher");
			await page.getByRole("button", { name: "Change roles of Mr Okafor" }).focus();
			await page.keyboard.press("Enter");
			const roles = page.getByRole("group", { name: "Roles of Mr Okafor" });
			await roles.getByRole("checkbox", { name: "School admin" }).focus();
			await page.keyboard.press("Space");
			await roles.getByRole("checkbox", { name: "Teacher" }).focus();
			await page.keyboard.press("Space");
			await roles.getByRole("button", { name: "Save roles" }).focus();
			await page.keyboard.press("Enter");
			await expect(page.getByRole("status").filter({ hasText: "is now" }).textContent()).resolves.toBe("Mr Okafor is now School admin. They sign in again to use the new roles.");
			const listed = await api<{ items: Array<{ roles: string[] }> }>(service.url, "GET", `/v1/members?email=${encodeURIComponent(email)}`, undefined, admin.accessToken);
			expect(listed.body.items[0]?.roles).toEqual(["tenant_admin"]);
			await checkPage(w, "members-role-changed");
			expect(w.problems).toEqual([]);
			expect(invited.problems).toEqual([]);
		}));

	it("the members page pages through 120 members and finds one by name and by exact email", () =>
		run(async () => {
			const admin = await school();
			await seedMembers(service, admin.tenantId, 120, "student", "Paged");
			const w = await adminAt("/members");
			const { page } = w;
			await page.getByText("Showing 50 members; there are more.").waitFor();
			const rows = page.getByTestId("member-row");
			await expect(rows.count()).resolves.toBe(50);
			const total = (await api<{ items: unknown[] }>(service.url, "GET", "/v1/members?limit=200", undefined, admin.accessToken)).body.items.length;
			expect(total).toBeGreaterThanOrEqual(121);
			for (const shown of [100, Math.min(150, total)]) {
				await page.getByRole("button", { name: "Show more members" }).click();
				await page.getByText(`Showing ${shown} members`).waitFor();
			}
			while ((await page.getByRole("button", { name: "Show more members" }).count()) > 0) await page.getByRole("button", { name: "Show more members" }).click();
			await page.getByText(`Showing ${total} members.`).waitFor();
			await expect(rows.count()).resolves.toBe(total);
			const names = await rows.getByRole("rowheader").allTextContents();
			expect(new Set(names.filter((name) => name.startsWith("Paged "))).size).toBe(120);

			await page.getByLabel("Name or exact email").fill("paged 07");
			await page.getByRole("button", { name: "Find" }).click();
			await page.getByRole("heading", { name: "Members found" }).waitFor();
			await page.getByText("Showing 10 members.").waitFor();
			await checkPage(w, "members-found");
			// They joined in the same instant: the page orders them by id, so compare the names as a set.
			expect((await rows.getByRole("rowheader").allTextContents()).sort()).toEqual([
				"Paged 070",
				"Paged 071",
				"Paged 072",
				"Paged 073",
				"Paged 074",
				"Paged 075",
				"Paged 076",
				"Paged 077",
				"Paged 078",
				"Paged 079",
			]);
			await page.getByLabel("Name or exact email").fill(admin.email.slice(0, 10));
			await page.getByRole("button", { name: "Find" }).click();
			await page.getByText("Nobody matches.").waitFor();
			await page.getByLabel("Name or exact email").fill(admin.email);
			await page.getByRole("button", { name: "Find" }).click();
			await page.getByText("Showing 1 member.").waitFor();
			await expect(rows.getByRole("rowheader").allTextContents()).resolves.toEqual([admin.displayName]);
			expect(w.problems).toEqual([]);
		}));

	it("links a guardian to two students, shows the links, and removes one", () =>
		run(async () => {
			const admin = await school();
			await seedMembers(service, admin.tenantId, 1, "guardian", "Guardian");
			await seedMembers(service, admin.tenantId, 2, "student", "Ward");
			const w = await adminAt("/guardians");
			const { page } = w;
			await page.getByLabel("Guardian: name or exact email").fill("Guardian");
			await page.getByRole("group", { name: "Guardian" }).getByRole("button", { name: "Find" }).click();
			await page.getByRole("radio", { name: "Guardian 001" }).check();
			await page.getByLabel("Students: name or exact email").fill("ward");
			await page.getByLabel("Students: name or exact email").press("Enter");
			await page.getByRole("checkbox", { name: "Ward 001" }).check();
			await page.getByRole("checkbox", { name: "Ward 002" }).check();
			await page.getByRole("button", { name: "Link", exact: true }).click();
			await expect(page.getByRole("status").filter({ hasText: "is linked to" }).textContent()).resolves.toBe("Guardian 001 is linked to Ward 001, Ward 002.");
			await expect(page.getByTestId("guardian-link-row").count()).resolves.toBe(2);
			await checkPage(w, "guardians");
			await page.getByRole("button", { name: "Remove Guardian 001 as guardian of Ward 001" }).click();
			await expect(page.getByRole("status").filter({ hasText: "no longer sees" }).textContent()).resolves.toBe("Guardian 001 no longer sees Ward 001.");
			await expect(page.getByTestId("guardian-link-row").allTextContents()).resolves.toEqual([expect.stringContaining("Ward 002")]);
			expect(w.problems).toEqual([]);
		}));

	it("removing a teacher hands their class to the colleague chosen on the members page", () =>
		run(async () => {
			const admin = await school();
			await seedMembers(service, admin.tenantId, 1, "teacher", "Leaving");
			const [teacher] = await serviceQuery<{ id: string }>(
				service,
				"SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.tenant_id = $1 AND u.display_name = 'Leaving 001'",
				[admin.tenantId],
			);
			const [klass] = await serviceQuery<{ id: string }>(service, "INSERT INTO classes (tenant_id, name, teacher_user_id) VALUES ($1, 'Period 6', $2) RETURNING id", [
				admin.tenantId,
				teacher?.id,
			]);
			const w = await adminAt("/members");
			const { page } = w;
			await page.getByLabel("Name or exact email").fill("Leaving 001");
			await page.getByRole("button", { name: "Find" }).click();
			await page.getByText("Showing 1 member.").waitFor();
			await page.getByRole("button", { name: "Remove Leaving 001" }).click();
			const confirm = page.getByRole("group", { name: "Confirm removing Leaving 001" });
			await confirm.getByRole("button", { name: "Remove Leaving 001" }).click();
			await expect(confirm.getByRole("alert").textContent()).resolves.toBe("They own 0 lesson(s) and teach 1 class(es): choose a colleague to take them over.");
			await confirm.getByLabel("Their lessons and classes go to").selectOption({ label: admin.displayName });
			await checkPage(w, "members-remove");
			await confirm.getByRole("button", { name: "Remove Leaving 001" }).click();
			await expect(page.getByRole("status").filter({ hasText: "was removed" }).textContent()).resolves.toBe("Leaving 001 was removed from the school.");
			const [after] = await serviceQuery<{ teacher_user_id: string }>(service, "SELECT teacher_user_id FROM classes WHERE id = $1", [klass?.id]);
			expect(after?.teacher_user_id).toBe(admin.userId);
			expect(w.problems).toEqual([]);
		}));
});
