/**
 * The home page in a real browser against the real service: an admin's overview shows what needs attention (a
 * failed deployment, an expired invitation), the school's classes with completion, the lesson just published and
 * the last deployment per environment. Axe finds nothing, it works with the keyboard alone, shows no id-shaped
 * text, and does not overflow sideways on a 360 px phone. Setup goes through the API and SQL; reading through the page.
 */
import { randomBytes } from "node:crypto";
import { isUuid } from "@toolboxai/shared/node";
import { Client } from "pg";
import type { Browser } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { screenshot, signInAt } from "./support/browser";
import type { Service } from "./support/service";
import { browserSuite } from "./support/suite";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("home", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

async function ok<T>(res: Promise<{ status: number; body: T }>, expected: number, what: string): Promise<T> {
	const { status, body } = await res;
	if (status !== expected) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
	return body;
}

/** Rows the API makes only over time or through Roblox: an environment whose deployment failed, an expired invitation. */
async function seedAttention(tenantId: string): Promise<void> {
	const client = new Client({ connectionString: service.databaseUrl });
	await client.connect();
	try {
		const environment = await client.query<{ id: string }>(
			"INSERT INTO deployment_environments (tenant_id, name, universe_id, place_id) VALUES ($1, 'staging', 1, 2) RETURNING id",
			[tenantId],
		);
		const release = await client.query<{ id: string }>(
			"INSERT INTO releases (tenant_id, number, place_sha256, place_size, place_file_name) VALUES ($1, 1, $2, 10, 'ToolBoxAI.rbxl') RETURNING id",
			[tenantId, randomBytes(32).toString("hex")],
		);
		await client.query(
			"INSERT INTO deployments (tenant_id, environment_id, release_id, kind, status, dry_run, finished_at) VALUES ($1, $2, $3, 'deploy', 'failed', false, now())",
			[tenantId, environment.rows[0]?.id, release.rows[0]?.id],
		);
		await client.query(
			`INSERT INTO invitations (tenant_id, email, email_normalized, role, token_hash, expires_at, created_at)
			 VALUES ($1, 'late.reply@maplegrove.example', 'late.reply@maplegrove.example', 'teacher', $2, now() - interval '1 day', now() - interval '8 days')`,
			[tenantId, randomBytes(32)],
		);
	} finally {
		await client.end();
	}
}

async function seedSchool(admin: Account): Promise<{ classId: string }> {
	const klass = await ok(api<{ id: string }>(service.url, "POST", "/v1/classes", { name: "Period 3 Fractions", gradeBand: "6-8" }, admin.accessToken), 201, "createClass");
	const lesson = await ok(
		api<{ id: string }>(service.url, "POST", "/v1/lessons", { title: "Fractions on a number line", subject: "math", gradeBand: "3-5", objectives: [] }, admin.accessToken),
		201,
		"createLesson",
	);
	const content = { schemaVersion: 1, title: "Fractions on a number line", steps: [{ kind: "instruction", id: "intro", text: "Hello" }] };
	await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions`, { version: "1.0.0", content }, admin.accessToken), 201, "createVersion");
	await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions/1.0.0/publish`, {}, admin.accessToken), 200, "publish");
	await ok(api(service.url, "POST", `/v1/classes/${klass.id}/assignments`, { lessonId: lesson.id, version: "1.0.0" }, admin.accessToken), 201, "assign");
	await seedAttention(admin.tenantId);
	return { classId: klass.id };
}

describe("home", () => {
	it("an admin's overview: attention first, then classes, lessons and deployments; axe-clean, keyboard-only, no sideways scroll at 360 px", () =>
		run(async () => {
			const admin = await signup(service, "okafor");
			const { classId } = await seedSchool(admin);
			const w = await signInAt(browser, service.url, admin, "/");
			opened.push(w);
			const { page } = w;
			await page.getByRole("heading", { level: 1, name: `Welcome, ${admin.displayName}` }).waitFor();
			const attention = page.getByRole("region", { name: "Needs attention" });
			await attention.getByText("The last deployment to staging failed", { exact: false }).waitFor();
			await expect(attention.textContent()).resolves.toContain("late.reply@maplegrove.example");
			const classes = page.getByRole("region", { name: "Classes in your school" });
			await expect(classes.textContent()).resolves.toContain("0 students · 1 lesson");
			await expect(page.getByRole("region", { name: "Recently published lessons" }).textContent()).resolves.toContain("Fractions on a number line");
			await expect(page.getByRole("region", { name: "Deployments" }).textContent()).resolves.toContain("Release 1");
			const words = ((await page.locator("main").textContent()) ?? "").split(/[\s/(),.:]+/);
			expect(words.filter((word) => isUuid(word))).toEqual([]);
			await screenshot(page, "home-overview");

			// Keyboard alone: Tab from the top of the page reaches the class's link, Enter opens its page.
			await page.locator("body").focus();
			let reached = false;
			for (let presses = 0; presses < 40 && !reached; presses++) {
				await page.keyboard.press("Tab");
				reached = await page.evaluate(() => document.activeElement?.textContent === "Period 3 Fractions");
			}
			expect(reached).toBe(true);
			await page.keyboard.press("Enter");
			await page.waitForURL((url) => url.pathname === `/classes/${classId}`);
			await page.getByRole("heading", { level: 1, name: "Period 3 Fractions" }).waitFor();
			await page.goBack();
			await page.getByRole("region", { name: "Needs attention" }).waitFor();

			// A phone: nothing of the page wider than the screen (the header's navigation is the shared layout's, tested with it).
			await page.setViewportSize({ width: 360, height: 780 });
			const wider = await page.evaluate(() =>
				Array.from(document.querySelectorAll("main, main *"))
					.filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
					.map((element) => `${element.tagName.toLowerCase()}.${element.className} ${Math.round(element.getBoundingClientRect().right)}`),
			);
			expect(wider).toEqual([]);
			await screenshot(page, "home-overview-360");
			expect(w.problems).toEqual([]);
		}));
});
