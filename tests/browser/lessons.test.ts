/**
 * The lesson library and lesson page in a real browser against the real service: a teacher's version uploaded
 * through the API (as the Studio plugin does) is previewed, compared, published from the dashboard moving one of
 * two classes, and assigned to a third class; a game server's content read then shows each class on its version.
 */
import type { Browser, Page } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { screenshot, signInAt } from "./support/browser";
import { type Service, waitForMail } from "./support/service";
import { browserSuite } from "./support/suite";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("lessons", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

async function ok<T>(res: Promise<{ status: number; body: T }>, expected: number, what: string): Promise<T> {
	const { status, body } = await res;
	if (status !== expected) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
	return body;
}

/** A teacher invited into the admin's school who accepted by the emailed link, signed in through the API too. */
async function inviteTeacher(admin: Account): Promise<{ email: string; password: string; token: string }> {
	const email = `teacher.${Date.now()}@maplegrove.example`;
	const password = "another correct horse battery";
	await ok(api(service.url, "POST", "/v1/invitations", { email, role: "teacher" }, admin.accessToken), 201, "invite");
	const mail = await waitForMail(service, email, "invitation");
	const token = decodeURIComponent(/[?&]token=([A-Za-z0-9_%-]+)/.exec(mail)?.[1] ?? "");
	const accepted = await api(service.url, "POST", "/v1/invitations/accept", { token, password, displayName: "Ms Okafor" });
	expect(accepted.status).toBeLessThan(300);
	const login = await ok(api<{ accessToken: string }>(service.url, "POST", "/v1/auth/login", { email, password }), 200, "login");
	return { email, password, token: login.accessToken };
}

const content = (intro: string) => ({
	schemaVersion: 1,
	title: "Fractions on a number line",
	steps: [
		{ kind: "instruction", id: "intro", text: intro },
		{
			kind: "quiz",
			id: "q1",
			prompt: "Which is larger?",
			points: 10,
			question: {
				type: "single_choice",
				choices: [
					{ id: "a", text: "1/2", correct: false },
					{ id: "b", text: "3/4", correct: true },
				],
			},
		},
	],
});

function cellsOf(page: Page, testId: string): Promise<string[][]> {
	return page.getByTestId(testId).evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => (cell.textContent ?? "").trim())));
}

/**
 * Nothing of the page's own content reaches past a 360 px wide phone's edge (wide tables scroll inside their own
 * frame; the header's layout on phones is the header's own test).
 */
async function fitsPhone(page: Page): Promise<void> {
	await page.setViewportSize({ width: 360, height: 740 });
	const sticking = await page.evaluate(() =>
		Array.from(document.querySelectorAll("main *"))
			.filter((el) => el.closest(".table-wrap") === null && el.getBoundingClientRect().right > 361)
			.map((el) => `${el.tagName.toLowerCase()} “${(el.textContent ?? "").slice(0, 40)}”`),
	);
	expect(sticking).toEqual([]);
	await page.setViewportSize({ width: 1200, height: 820 });
}

describe("Lessons pages", () => {
	it(
		"a teacher publishes an uploaded version moving one of two classes, assigns it to another, and the game's content follows",
		() =>
			run(async () => {
				const admin = await signup(service, "okafor");
				const teacher = await inviteTeacher(admin);
				const t = teacher.token;
				const lesson = await ok(
					api<{ id: string }>(service.url, "POST", "/v1/lessons", { title: "Fractions on a number line", subject: "math", gradeBand: "3-5", objectives: [] }, t),
					201,
					"createLesson",
				);
				await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions`, { version: "1.0.0", content: content("Find one half.") }, t), 201, "upload 1.0.0");
				await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions/1.0.0/publish`, {}, t), 200, "publish 1.0.0");
				const classIds: Record<string, string> = {};
				for (const name of ["Period 1", "Period 2", "Period 3"]) {
					classIds[name] = (await ok(api<{ id: string }>(service.url, "POST", "/v1/classes", { name }, t), 201, `createClass ${name}`)).id;
				}
				for (const name of ["Period 1", "Period 2"]) {
					await ok(api(service.url, "POST", `/v1/classes/${classIds[name]}/assignments`, { lessonId: lesson.id, version: "1.0.0" }, t), 201, `assign ${name}`);
				}
				// The new version, uploaded as the plugin does.
				await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions`, { version: "1.1.0", content: content("Find three quarters.") }, t), 201, "upload 1.1.0");

				const w = await signInAt(browser, service.url, teacher, "/lessons");
				opened.push(w);
				const { page } = w;
				await page.getByRole("heading", { level: 1, name: "Lessons" }).waitFor();
				const filters = page.getByRole("form", { name: "Find lessons" });
				await filters.getByLabel("Title contains").fill("nothing like it");
				await filters.getByRole("button", { name: "Search" }).click();
				await page.getByText("No lessons match these filters.").waitFor();
				await filters.getByLabel("Title contains").fill("fractions");
				await filters.getByLabel("Grade band").fill("3-5");
				await filters.getByLabel("Owner").selectOption("me");
				await filters.getByLabel("Title contains").press("Enter");
				await page.getByTestId("lesson-row").first().waitFor();
				await expect(cellsOf(page, "lesson-row")).resolves.toEqual([["Fractions on a number line", "math", "3-5", "Published", "1.0.0", "1.1.0", "You", expect.any(String)]]);
				await screenshot(page, "lessons-library");
				await fitsPhone(page);

				await page.getByRole("link", { name: "Fractions on a number line" }).click();
				await page.getByRole("heading", { level: 1, name: "Fractions on a number line" }).waitFor();
				await page.getByTestId("version-row").nth(1).waitFor();
				await expect(cellsOf(page, "version-row")).resolves.toEqual([
					["1.1.0", expect.any(String), "Not published", "PreviewPublish…"],
					["1.0.0", expect.any(String), "Published now", "Preview"],
				]);

				// The preview shows the steps as a student meets them, with the answer marked for the teacher.
				await page.getByRole("button", { name: "Preview version 1.1.0" }).click();
				const steps = page.getByTestId("preview-steps");
				await steps.getByText("Find three quarters.").waitFor();
				await expect(steps.locator("[data-correct=true]").textContent()).resolves.toBe("3/4 ✓ correct answer");
				// The comparison: the newest against the one before, in words.
				await page.getByRole("button", { name: "Compare", exact: true }).click();
				await expect(page.getByTestId("diff-lines").textContent()).resolves.toBe("Step intro changed: its text.");
				await screenshot(page, "lesson-page");

				// Publish, by keyboard: both of the teacher's classes are offered ticked; Period 2 stays on 1.0.0.
				await page.getByRole("button", { name: "Publish version 1.1.0" }).focus();
				await page.keyboard.press("Enter");
				const panel = page.getByRole("form", { name: "Publish version 1.1.0" });
				await expect(panel.getByLabel("Period 1 (now on 1.0.0)").isChecked()).resolves.toBe(true);
				await expect(panel.getByLabel("Period 2 (now on 1.0.0)").isChecked()).resolves.toBe(true);
				await panel.getByLabel("Period 2 (now on 1.0.0)").focus();
				await page.keyboard.press("Space");
				await expect(panel.getByLabel("Period 2 (now on 1.0.0)").isChecked()).resolves.toBe(false);
				await screenshot(page, "lesson-publish");
				await panel.getByRole("button", { name: "Publish 1.1.0" }).click();
				await page.getByRole("status").filter({ hasText: "Version 1.1.0 published. Moved to it: Period 1." }).waitFor();
				await expect(page.getByTestId("published-version").textContent()).resolves.toBe("1.1.0");

				// Assign the new version to the third class.
				const assign = page.getByRole("form", { name: "Assign to classes" });
				await expect(assign.getByLabel("Version").inputValue()).resolves.toBe("1.1.0");
				// Going back stays possible: the version published before is offered too.
				await expect(assign.getByRole("option", { name: "1.0.0 (published before)" }).count()).resolves.toBe(1);
				await assign.getByLabel("Period 3").check();
				await assign.getByRole("button", { name: "Assign" }).click();
				await page.getByRole("status").filter({ hasText: "Version 1.1.0 assigned to Period 3." }).waitFor();
				await expect(cellsOf(page, "lesson-class-row")).resolves.toEqual([
					["Period 1", "1.1.0", "You"],
					["Period 2", "1.0.0", "You"],
					["Period 3", "1.1.0", "You"],
				]);
				await screenshot(page, "lesson-assigned");
				await fitsPhone(page);

				// What a game server loads: each class on its version.
				const key = await ok(
					api<{ secret: string }>(service.url, "POST", "/v1/api-keys", { name: "Fractions experience", scopes: ["runtime:read"] }, admin.accessToken),
					201,
					"key",
				);
				const res = await fetch(`${service.url}/v1/runtime/lessons/active`, { headers: { "X-Api-Key": key.secret } });
				expect(res.status).toBe(200);
				const active = (await res.json()) as { items: Array<{ lessonId: string; version: string; classes?: Array<{ classId: string }> }> };
				const classesOn = (version: string) => (active.items.find((item) => item.lessonId === lesson.id && item.version === version)?.classes ?? []).map((c) => c.classId).sort();
				expect(classesOn("1.0.0")).toEqual([classIds["Period 2"]]);
				expect(classesOn("1.1.0")).toEqual([classIds["Period 1"], classIds["Period 3"]].sort());
				expect(w.problems).toEqual([]);
			}),
		120_000,
	);
});
