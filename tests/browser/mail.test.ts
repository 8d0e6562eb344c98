/**
 * The dashboard's Mail page in a real browser against the real service on the embedded mail driver (the outbox): the
 * invitation mail `npm start` "sent" is listed with its status and opens from the outbox, a test mail goes out from
 * the page, templates preview with the school's name, and a notice's footer link stops notices once confirmed.
 * Setup goes through the API; what a person does, through the page.
 */
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import type { Browser } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { openPage, screenshot, signInAt } from "./support/browser";
import { browserSuite } from "./support/suite";
import { type Service, waitForMail } from "./support/service";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("mail", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

describe("Mail page", () => {
	let admin: Account;

	it("lists the invitation mail as sent, opens its link from the outbox, and sends a test mail", () =>
		run(async () => {
			admin = await signup(service, "achebe");
			const invitee = `new.teacher.${Date.now()}@maplegrove.example`;
			expect((await api(service.url, "POST", "/v1/invitations", { email: invitee, role: "teacher" }, admin.accessToken)).status).toBe(201);
			await waitForMail(service, invitee, "invitation");

			const w = await signInAt(browser, service.url, admin, "/mail");
			opened.push(w);
			const { page } = w;
			await page.getByRole("heading", { level: 1, name: "Mail" }).waitFor();
			const messages = page.getByRole("region", { name: "Messages" });
			const row = messages.getByRole("row").filter({ hasText: invitee });
			await row.waitFor();
			await expect(row.textContent()).resolves.toMatch(/invitation.*sent/);

			// Filter by recipient: only that person's mail stays.
			await messages.getByLabel("Recipient").fill(admin.email);
			await messages.getByRole("button", { name: "Filter" }).click();
			await messages.getByRole("row").filter({ hasText: invitee }).waitFor({ state: "detached" });

			await page.getByRole("button", { name: "Send me a test mail" }).click();
			await page.getByText("Test mail queued.").waitFor();
			await messages.getByRole("row").filter({ hasText: "test-mail" }).waitFor();
			await screenshot(page, "mail-page");

			const outbox = page.getByRole("region", { name: "Outbox" });
			await outbox.getByText(/You're invited to .* on ToolBoxAI/).click();
			const link = outbox.getByRole("link", { name: /\/invite\?token=/ });
			await link.click();
			await page.waitForURL(/\/invite\?token=/);
			await page.getByRole("heading", { level: 1, name: "Join your school" }).waitFor();
			expect(w.problems).toEqual([]);
		}));

	it("previews a template with the school's name, as HTML and text", () =>
		run(async () => {
			const w = await signInAt(browser, service.url, admin, "/mail");
			opened.push(w);
			const { page } = w;
			const templates = page.getByRole("region", { name: "Templates" });
			await templates.getByLabel("Template").selectOption("deployment-failed");
			// The newly chosen template's preview, not the one shown while it loads.
			await templates.getByTitle("Preview of deployment-failed").waitFor();
			await expect(templates.getByTestId("preview-subject").textContent()).resolves.toBe("Deployment to Production failed");
			await templates.getByText(/You receive this because you started this deployment for/).waitFor();
			// The HTML part, rendered in its sandboxed frame.
			await page.frameLocator('iframe[title="Preview of deployment-failed"]').getByRole("link", { name: "See the deployment" }).waitFor();
			await screenshot(page, "mail-template-preview");
			expect(w.problems).toEqual([]);
		}));

	it("a notice's footer link opens a page that stops notices only when the person confirms", () =>
		run(async () => {
			// A notice as the service records one (nothing in the API sends a notice on demand).
			const token = randomBytes(24).toString("hex");
			const to = `parent.${Date.now()}@maplegrove.example`;
			await sql(
				`INSERT INTO mail_messages (to_address, to_normalized, template, category, data, idempotency_key, unsubscribe_token, status)
				 VALUES ($1, $1, 'trial-ending', 'notice', '{}'::jsonb, $2, $3, 'sent')`,
				[to, `browser-notice:${to}`, token],
			);
			const w = await openPage(browser, service.url);
			opened.push(w);
			const { page } = w;
			await page.goto("/unsubscribe?token=not-a-real-token");
			await page.getByRole("button", { name: "Stop these emails" }).click();
			await page.getByText("This link is not valid: open it again from the email.").waitFor();

			await page.goto(`/unsubscribe?token=${token}`);
			await page.getByRole("heading", { level: 1, name: "Stop these emails" }).waitFor();
			// Opening the link changed nothing (mail scanners open links too).
			expect(await sql("SELECT reason FROM mail_suppressions WHERE email_normalized = $1", [to])).toEqual([]);
			await page.getByRole("button", { name: "Stop these emails" }).click();
			await page.getByText(/Done: this address gets no more notices/).waitFor();
			await screenshot(page, "mail-unsubscribed");
			expect(await sql("SELECT reason FROM mail_suppressions WHERE email_normalized = $1", [to])).toEqual([{ reason: "unsubscribe" }]);
			expect(w.problems).toEqual([]);
		}));
});

/** SQL on the service's database, as the test's superuser (row-level security does not apply). */
async function sql(text: string, values: unknown[]): Promise<unknown[]> {
	const client = new Client({ connectionString: service.databaseUrl });
	await client.connect();
	try {
		return (await client.query(text, values)).rows;
	} finally {
		await client.end();
	}
}
