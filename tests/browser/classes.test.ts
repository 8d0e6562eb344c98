/**
 * The dashboard's Classes pages in a real browser against the real service: a teacher creates a class, sees and
 * rotates its join code, assigns a published lesson; a game server (an API key with progress:write) joins a student
 * with the code and posts progress events; the class page then shows the lesson rollup and the student's steps.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { screenshot, signInAt, type WatchedPage } from "./support/browser";
import { browserSuite } from "./support/suite";
import { type Service, waitForMail } from "./support/service";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("classes", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

async function ok<T>(res: Promise<{ status: number; body: T }>, expected: number, what: string): Promise<T> {
	const { status, body } = await res;
	if (status !== expected) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
	return body;
}

/** A teacher invited into the admin's school, who accepted by the emailed link; returns their access token too. */
async function inviteTeacher(admin: Account): Promise<{ email: string; password: string; token: string }> {
	const email = `teacher.${Date.now()}@maplegrove.example`;
	const password = "another correct horse battery";
	await ok(api(service.url, "POST", "/v1/invitations", { email, role: "teacher" }, admin.accessToken), 201, "invite");
	const mail = (await waitForMail(service, email, "invitation")) ?? "";
	const token = decodeURIComponent(/[?&]token=([A-Za-z0-9_%-]+)/.exec(mail)?.[1] ?? "");
	expect(token).not.toBe("");
	const accepted = await api(service.url, "POST", "/v1/invitations/accept", { token, password, displayName: "Mr Osei" });
	expect(accepted.status).toBeLessThan(300);
	const login = await ok(api<{ accessToken: string }>(service.url, "POST", "/v1/auth/login", { email, password }), 200, "login");
	return { email, password, token: login.accessToken };
}

/** A lesson with an instruction and a 10-point quiz, version 1.0.0 uploaded and published, 1.1.0 only uploaded. */
async function publishedLesson(token: string, title: string): Promise<string> {
	const lesson = await ok(api<{ id: string }>(service.url, "POST", "/v1/lessons", { title, subject: "math", gradeBand: "3-5", objectives: [] }, token), 201, "createLesson");
	const content = (text: string) => ({
		schemaVersion: 1,
		title,
		steps: [
			{ kind: "instruction", id: "intro", text },
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
	await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions`, { version: "1.0.0", content: content("Find one half.") }, token), 201, "createVersion 1.0.0");
	await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions/1.0.0/publish`, {}, token), 200, "publish");
	await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions`, { version: "1.1.0", content: content("Find three quarters.") }, token), 201, "createVersion 1.1.0");
	return lesson.id;
}

async function signedIn(email: string, password: string, path: string): Promise<WatchedPage> {
	const watched = await signInAt(browser, service.url, { email, password }, path);
	opened.push(watched);
	return watched;
}

function cellsOf(page: Page, testId: string): Promise<string[][]> {
	return page.getByTestId(testId).evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => (cell.textContent ?? "").trim())));
}

describe("Classes pages", () => {
	it(
		"a teacher creates a class, rotates its join code, assigns a published lesson and follows a student's progress",
		() =>
			run(async () => {
				const admin = await signup(service, "adeyemi");
				const teacher = await inviteTeacher(admin);
				const lessonId = await publishedLesson(teacher.token, "Fractions on a number line");

				const w = await signedIn(teacher.email, teacher.password, "/classes");
				const { page } = w;
				await page.getByRole("heading", { level: 1, name: "Classes" }).waitFor();
				await page.getByText("No classes yet.").waitFor();

				// Creating without a name is refused in plain words on the field.
				const form = page.getByRole("form", { name: "Create a class" });
				await form.getByRole("button", { name: "Create class" }).click();
				await expect(form.getByLabel("Class name").getAttribute("aria-invalid")).resolves.toBe("true");
				await expect(form.getByRole("alert").textContent()).resolves.toContain("Give the class a name");

				await form.getByLabel("Class name").fill("Period 3 Fractions");
				await form.getByLabel("Grade band (optional)").fill("6-8");
				await form.getByRole("button", { name: "Create class" }).click();
				const created = page.getByRole("status").filter({ hasText: "Class “Period 3 Fractions” created. Join code:" });
				await created.waitFor();
				const row = page.getByTestId("class-row").filter({ hasText: "Period 3 Fractions" });
				const firstCode = (await row.getByTestId("join-code").textContent()) ?? "";
				expect(firstCode).toMatch(/^[A-Z0-9]{6,8}$/);
				await expect(created.textContent()).resolves.toContain(firstCode);
				await expect(row.textContent()).resolves.toContain("until");
				await screenshot(page, "classes-list");

				// Rotating shows the new code, and the old one stops working in game.
				await row.getByRole("button", { name: "New join code for Period 3 Fractions" }).click();
				const rotated = page.getByRole("status").filter({ hasText: "New join code for “Period 3 Fractions”" });
				await rotated.waitFor();
				const joinCode = (await row.getByTestId("join-code").textContent()) ?? "";
				expect(joinCode).not.toBe(firstCode);
				await expect(rotated.textContent()).resolves.toContain(joinCode);

				const key = await ok(
					api<{ secret: string }>(
						service.url,
						"POST",
						"/v1/api-keys",
						{ name: "Fractions experience", scopes: ["runtime:read", "classes:join", "progress:write"] },
						admin.accessToken,
					),
					201,
					"createApiKey",
				);
				const gameServer = async (path: string, body: unknown) => {
					const res = await fetch(`${service.url}${path}`, {
						method: "POST",
						headers: { "Content-Type": "application/json", "X-Api-Key": key.secret },
						body: JSON.stringify(body),
					});
					return { status: res.status, body: await res.json() };
				};
				expect((await gameServer("/v1/runtime/classes/join", { joinCode: firstCode, robloxUserId: 1234567, displayName: "BlockBuilder42" })).status).toBe(404);

				// The class page: the student joins in game with the current code and shows on the roster.
				await row.getByRole("link", { name: "Period 3 Fractions" }).click();
				await page.getByRole("heading", { level: 1, name: "Period 3 Fractions" }).waitFor();
				const classId = new URL(page.url()).pathname.split("/")[2];
				await expect(page.getByTestId("join-code").textContent()).resolves.toBe(joinCode);
				await page.getByText("No students yet.").waitFor();
				await page.getByText("No lessons assigned yet.").waitFor();
				const joined = await gameServer("/v1/runtime/classes/join", { joinCode, robloxUserId: 1234567, displayName: "BlockBuilder42" });
				expect(joined.status).toBe(200);
				expect(joined.body.classId).toBe(classId);

				// Assign: only the published version can be picked.
				const assign = page.getByRole("form", { name: "Assign a lesson" });
				await assign.getByLabel("Lesson").selectOption({ label: "Fractions on a number line" });
				await assign.getByRole("option", { name: "1.1.0 (not published)" }).waitFor({ state: "attached" });
				await expect(assign.getByLabel("Version").inputValue()).resolves.toBe("1.0.0");
				await expect(assign.getByRole("option", { name: "1.1.0 (not published)" }).isDisabled()).resolves.toBe(true);
				await assign.getByRole("button", { name: "Assign lesson" }).click();
				await page.getByRole("status").filter({ hasText: "“Fractions on a number line” version 1.0.0 assigned." }).waitFor();
				await expect(cellsOf(page, "assignment-row")).resolves.toEqual([["Fractions on a number line", "1.0.0", expect.any(String), "Remove"]]);
				// The roster reloads after the assignment with its own request: wait for it rather than read it at once.
				await page.getByTestId("roster-row").first().waitFor();
				await expect(cellsOf(page, "roster-row")).resolves.toEqual([["BlockBuilder42", "1234567", expect.any(String), "Remove"]]);

				// Before any event: the student's row shows zeros.
				const progressRow = page.getByTestId("progress-row");
				await progressRow.first().waitFor();
				await expect(cellsOf(page, "progress-row")).resolves.toEqual([["BlockBuilder42", "Fractions on a number line v1.0.0", "0/2", "0/10", "No", "0 s", "Show steps"]]);

				// The game server reports: the instruction done (42 s), a wrong answer with a hint, then a right one.
				const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 13, 0, s)).toISOString();
				const base = { robloxUserId: 1234567, lessonId };
				const events = [
					{ kind: "lesson_started", eventId: randomUUID(), ...base, occurredAt: at(0) },
					{ kind: "step_completed", eventId: randomUUID(), ...base, stepId: "intro", durationMs: 42_000, occurredAt: at(42) },
					{ kind: "answer_submitted", eventId: randomUUID(), ...base, stepId: "q1", answer: { correct: false, points: 0, choiceIds: ["a"] }, hintsUsed: 1, occurredAt: at(50) },
					{ kind: "answer_submitted", eventId: randomUUID(), ...base, stepId: "q1", answer: { correct: true, points: 10, choiceIds: ["b"] }, occurredAt: at(55) },
					{ kind: "step_completed", eventId: randomUUID(), ...base, stepId: "q1", durationMs: 13_000, occurredAt: at(55) },
				];
				const batch = await gameServer("/v1/runtime/progress/batches", { batchId: randomUUID(), events });
				expect(batch.status).toBeLessThan(300);

				// Counting runs as a job: refresh until the page shows the numbers (and no events still waiting).
				const refresh = page.getByRole("button", { name: "Refresh progress" });
				const deadline = Date.now() + 30_000;
				for (;;) {
					await refresh.click();
					// The button is disabled while the page reloads the numbers.
					await page.waitForFunction(() => Array.from(document.querySelectorAll("button")).some((b) => b.textContent === "Refresh progress" && !b.disabled));
					const cells = await cellsOf(page, "progress-row");
					if (cells[0]?.[2] === "2/2" && (await page.getByTestId("pending-events").count()) === 0) break;
					if (Date.now() > deadline) throw new Error(`progress never showed: ${JSON.stringify(cells)}`);
					await page.waitForTimeout(250);
				}
				await expect(cellsOf(page, "progress-row")).resolves.toEqual([["BlockBuilder42", "Fractions on a number line v1.0.0", "2/2", "10/10", "Yes", "55 s", "Show steps"]]);

				// The drill-down: the student's steps.
				const show = page.getByRole("button", { name: "Show steps of BlockBuilder42 in Fractions on a number line" });
				await show.click();
				await page.getByTestId("step-table").waitFor();
				await expect(page.getByRole("button", { name: "Hide steps of BlockBuilder42 in Fractions on a number line" }).getAttribute("aria-expanded")).resolves.toBe("true");
				await expect(cellsOf(page, "step-row")).resolves.toEqual([
					["intro", "Yes", "0", "0", "0", "0", "0", "42 s"],
					["q1", "Yes", "2", "1", "10", "1", "0", "13 s"],
				]);
				await screenshot(page, "class-progress");

				// Removing the assignment empties the rollup.
				await page.getByRole("button", { name: "Remove Fractions on a number line from the class" }).click();
				await page.getByRole("status").filter({ hasText: "“Fractions on a number line” removed from the class." }).waitFor();
				await page.getByText("No lessons assigned yet.").waitFor();

				// Archive from the list: the code goes; restore brings the class back.
				await page.getByRole("link", { name: "Back to classes" }).click();
				await page.getByRole("heading", { level: 1, name: "Classes" }).waitFor();
				await page.getByRole("button", { name: "Archive Period 3 Fractions" }).click();
				await page.getByRole("status").filter({ hasText: "“Period 3 Fractions” archived" }).waitFor();
				await page.getByText("No classes yet.").waitFor();
				await page.getByLabel("Show archived classes").check();
				const archivedRow = page.getByTestId("class-row").filter({ hasText: "Period 3 Fractions" });
				await expect(archivedRow.textContent()).resolves.toContain("None (archived)");
				await screenshot(page, "classes-archived");
				await archivedRow.getByRole("button", { name: "Restore Period 3 Fractions" }).click();
				await page.getByRole("status").filter({ hasText: "“Period 3 Fractions” restored." }).waitFor();
				expect(w.problems).toEqual([]);
			}),
		120_000,
	);

	it(
		"the progress table pages with Load more (51 students, 50 a page)",
		() =>
			run(async () => {
				const admin = await signup(service, "moreau");
				const lessonId = await publishedLesson(admin.accessToken, "Decimals");
				const klass = await ok(api<{ id: string; joinCode: string }>(service.url, "POST", "/v1/classes", { name: "Big class" }, admin.accessToken), 201, "createClass");
				await ok(api(service.url, "POST", `/v1/classes/${klass.id}/assignments`, { lessonId, version: "1.0.0" }, admin.accessToken), 201, "assign");
				const key = await ok(
					api<{ secret: string }>(service.url, "POST", "/v1/api-keys", { name: "Decimals experience", scopes: ["classes:join"] }, admin.accessToken),
					201,
					"createApiKey",
				);
				for (let n = 1; n <= 51; n++) {
					const res = await fetch(`${service.url}/v1/runtime/classes/join`, {
						method: "POST",
						headers: { "Content-Type": "application/json", "X-Api-Key": key.secret },
						body: JSON.stringify({ joinCode: klass.joinCode, robloxUserId: 9000 + n, displayName: `Player${String(n).padStart(2, "0")}` }),
					});
					expect(res.status).toBe(200);
				}
				const w = await signedIn(admin.email, admin.password, `/classes/${klass.id}`);
				const { page } = w;
				await page.getByRole("heading", { level: 1, name: "Big class" }).waitFor();
				// The roster and the progress load apart: wait for both (51 students, the first 50 progress rows).
				await page.getByTestId("roster-row").nth(50).waitFor();
				await page.getByTestId("progress-row").nth(49).waitFor();
				await expect(page.getByTestId("progress-row").count()).resolves.toBe(50);
				await expect(page.getByTestId("roster-row").count()).resolves.toBe(51);
				await page.getByRole("button", { name: "Load more", exact: true }).click();
				await page.getByRole("button", { name: "Load more", exact: true }).waitFor({ state: "detached" });
				const students = (await cellsOf(page, "progress-row")).map((cells) => cells[0]);
				expect(students).toHaveLength(51);
				expect(new Set(students).size).toBe(51);
				await screenshot(page, "class-progress-paged");
				expect(w.problems).toEqual([]);
			}),
		120_000,
	);

	it(
		"a teacher reads a class's progress at a glance, sorts, filters, downloads what the table shows, opens a student and removes one",
		() =>
			run(async () => {
				// Seeded through the API: a school, its teacher, two published lessons assigned, four students, their play.
				const admin = await signup(service, "okafor");
				const teacher = await inviteTeacher(admin);
				const fractions = await publishedLesson(teacher.token, "Fractions");
				const decimals = await publishedLesson(teacher.token, "Decimals");
				const klass = await ok(api<{ id: string; joinCode: string }>(service.url, "POST", "/v1/classes", { name: "Period 5" }, teacher.token), 201, "createClass");
				for (const lessonId of [fractions, decimals])
					await ok(api(service.url, "POST", `/v1/classes/${klass.id}/assignments`, { lessonId, version: "1.0.0" }, teacher.token), 201, "assign");
				const key = await ok(
					api<{ secret: string }>(service.url, "POST", "/v1/api-keys", { name: "Period 5 game", scopes: ["classes:join", "progress:write"] }, admin.accessToken),
					201,
					"createApiKey",
				);
				const game = async (path: string, body: unknown) => {
					const res = await fetch(`${service.url}${path}`, {
						method: "POST",
						headers: { "Content-Type": "application/json", "X-Api-Key": key.secret },
						body: JSON.stringify(body),
					});
					if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
				};
				const students = { Ana: 5101, Ben: 5102, Cal: 5103, Dev: 5104 };
				for (const [displayName, robloxUserId] of Object.entries(students)) await game("/v1/runtime/classes/join", { joinCode: klass.joinCode, robloxUserId, displayName });
				const at = "2026-11-25T13:00:00.000Z";
				const step = (robloxUserId: number, lessonId: string, stepId: string) => ({
					kind: "step_completed",
					eventId: randomUUID(),
					robloxUserId,
					lessonId,
					stepId,
					durationMs: 30_000,
					occurredAt: at,
				});
				const answer = (robloxUserId: number, lessonId: string, correct: boolean) => ({
					kind: "answer_submitted",
					eventId: randomUUID(),
					robloxUserId,
					lessonId,
					stepId: "q1",
					answer: { correct, points: correct ? 10 : 0, choiceIds: [correct ? "b" : "a"] },
					occurredAt: at,
				});
				const finished = (robloxUserId: number, lessonId: string) => ({ kind: "lesson_completed", eventId: randomUUID(), robloxUserId, lessonId, score: 0, occurredAt: at });
				await game("/v1/runtime/progress/batches", {
					batchId: randomUUID(),
					events: [
						...[step(students.Ana, fractions, "intro"), answer(students.Ana, fractions, true), step(students.Ana, fractions, "q1"), finished(students.Ana, fractions)],
						...[step(students.Ben, fractions, "intro"), answer(students.Ben, fractions, false), step(students.Ben, fractions, "q1"), finished(students.Ben, fractions)],
						// The game said "completed" after one of two steps: the class's numbers say not completed.
						...[step(students.Cal, fractions, "intro"), finished(students.Cal, fractions)],
						step(students.Ana, decimals, "intro"),
					],
				});
				// Counting runs as a job: wait for it through the API, not the page.
				const deadline = Date.now() + 30_000;
				while (
					(await ok(api<{ pendingEvents: number }>(service.url, "GET", `/v1/classes/${klass.id}/progress/summary`, undefined, teacher.token), 200, "summary")).pendingEvents > 0
				) {
					if (Date.now() > deadline) throw new Error("progress was never counted");
					await new Promise((resolve) => setTimeout(resolve, 100));
				}

				const w = await signedIn(teacher.email, teacher.password, `/classes/${klass.id}`);
				const { page } = w;
				await page.getByRole("heading", { level: 1, name: "Period 5" }).waitFor();
				await page.getByTestId("progress-row").nth(7).waitFor();

				// At a glance: completion and average per lesson, the chart, and what "completed" means beside them; the
				// table in student then lesson order.
				await expect(cellsOf(page, "summary-row")).resolves.toEqual([
					["Fractions v1.0.0", "50% (2 of 4)", "3 of 4", "3.3/10 (33.3%)"],
					["Decimals v1.0.0", "0% (0 of 4)", "1 of 4", "0/10 (0%)"],
				]);
				await expect(page.getByTestId("chart-row").allTextContents()).resolves.toEqual(["Fractions50% completed33.3% average score", "Decimals0% completed0% average score"]);
				await expect(page.getByTestId("chart-row").first().locator("rect.chart-completed").getAttribute("width")).resolves.toBe("50%");
				await expect(page.getByTestId("completed-definition").textContent()).resolves.toContain("every step of the version assigned to the class");
				await expect(cellsOf(page, "progress-row")).resolves.toEqual([
					["Ana", "Decimals v1.0.0", "1/2", "0/10", "No", "30 s", "Show steps"],
					["Ana", "Fractions v1.0.0", "2/2", "10/10", "Yes", "1 min", "Show steps"],
					["Ben", "Decimals v1.0.0", "0/2", "0/10", "No", "0 s", "Show steps"],
					["Ben", "Fractions v1.0.0", "2/2", "0/10", "Yes", "1 min", "Show steps"],
					["Cal", "Decimals v1.0.0", "0/2", "0/10", "No", "0 s", "Show steps"],
					["Cal", "Fractions v1.0.0", "1/2", "0/10", "No", "30 s", "Show steps"],
					["Dev", "Decimals v1.0.0", "0/2", "0/10", "No", "0 s", "Show steps"],
					["Dev", "Fractions v1.0.0", "0/2", "0/10", "No", "0 s", "Show steps"],
				]);
				const bodyText = await page.locator("main").textContent();
				expect(bodyText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
				await screenshot(page, "class-progress-glance");

				// Sort by score, highest first (the header says so), then keep one lesson and the completed rows.
				const scoreHeader = page.getByRole("columnheader", { name: /^Score/ });
				await scoreHeader.getByRole("button").click();
				await scoreHeader.getByRole("button").click();
				await expect(scoreHeader.getAttribute("aria-sort")).resolves.toBe("descending");
				await expect(cellsOf(page, "progress-row").then((rows) => rows[0]?.slice(0, 4))).resolves.toEqual(["Ana", "Fractions v1.0.0", "2/2", "10/10"]);
				const filters = page.getByRole("group", { name: "Filter the progress table" });
				await filters.getByLabel("Lesson").selectOption({ label: "Fractions" });
				await expect(cellsOf(page, "progress-row").then((rows) => rows.map((cells) => cells[0]))).resolves.toEqual(["Ana", "Ben", "Cal", "Dev"]);
				await filters.getByLabel("Student").fill("be");
				await expect(cellsOf(page, "progress-row").then((rows) => rows.map((cells) => cells[0]))).resolves.toEqual(["Ben"]);
				await filters.getByLabel("Student").fill("");
				await filters.getByLabel("Completed").selectOption({ label: "Not completed" });
				const shown = await cellsOf(page, "progress-row");
				expect(shown.map((cells) => cells[0])).toEqual(["Cal", "Dev"]);
				await expect(page.getByTestId("shown-count").textContent()).resolves.toBe("Showing 2 of 8 rows.");
				await screenshot(page, "class-progress-filtered");

				// The CSV holds exactly the rows the table shows, in its order and words.
				const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download these rows (CSV)" }).click()]);
				const csv = readFileSync(await download.path(), "utf8")
					.trimEnd()
					.split("\r\n");
				expect(csv[0]).toBe("Student,Lesson,Version,Steps,Score,Completed,Time");
				const asTable = csv.slice(1).map((line) => {
					const [student, lesson, version, ...rest] = line.split(",");
					return [student, `${lesson} v${version}`, ...rest];
				});
				expect(asTable).toEqual(shown.map((cells) => cells.slice(0, 6)));

				// A student's page: every lesson of the class and every answer, in words.
				await page.getByRole("link", { name: "Cal", exact: true }).first().click();
				await page.getByRole("heading", { level: 1, name: "Cal" }).waitFor();
				await page.getByTestId("student-lesson-row").nth(1).waitFor();
				await expect(cellsOf(page, "student-lesson-row").then((rows) => rows.map((cells) => cells.slice(0, 4)))).resolves.toEqual([
					["Fractions v1.0.0", "1/2", "0/10", "No"],
					["Decimals v1.0.0", "0/2", "0/10", "No"],
				]);
				await page.getByText("No answers yet.").waitFor();
				await page.getByRole("link", { name: "Back to Period 5" }).click();
				await page.getByRole("heading", { level: 1, name: "Period 5" }).waitFor();
				await page.getByTestId("roster-row").first().waitFor();
				await page.getByTestId("roster-row").getByRole("link", { name: "Ana", exact: true }).click();
				await page.getByRole("heading", { level: 1, name: "Ana" }).waitFor();
				await page.getByTestId("answer-row").first().waitFor();
				await expect(cellsOf(page, "answer-row").then((rows) => rows.map((cells) => cells.slice(1)))).resolves.toEqual([
					["Fractions", "Which is larger?", "3/4", "Yes", "10", "0"],
				]);
				expect(await page.locator("main").textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
				await screenshot(page, "class-student");

				// Taking Ben off the roster: confirmed first, said what stays; the numbers follow.
				await page.getByRole("link", { name: "Back to Period 5" }).click();
				await page.getByTestId("roster-row").nth(3).waitFor();
				await page.getByRole("button", { name: "Remove Ben from the class" }).click();
				const confirm = page.getByRole("group", { name: "Confirm removing Ben" });
				await expect(confirm.textContent()).resolves.toContain("their progress stays under the school's retention rules");
				await confirm.getByRole("button", { name: "Remove from class" }).click();
				await page.getByRole("status").filter({ hasText: "Ben was removed from the class." }).waitFor();
				await expect(cellsOf(page, "roster-row").then((rows) => rows.map((cells) => cells[0]))).resolves.toEqual(["Ana", "Cal", "Dev"]);
				await page.getByTestId("summary-row").filter({ hasText: "33.3% (1 of 3)" }).waitFor();
				await expect(cellsOf(page, "progress-row").then((rows) => rows.map((cells) => cells[0]))).resolves.not.toContain("Ben");
				await screenshot(page, "class-student-removed");
				expect(w.problems).toEqual([]);
			}),
		120_000,
	);

	it(
		"an unknown class id says so in plain words",
		() =>
			run(async () => {
				const admin = await signup(service, "brennan");
				const w = await signedIn(admin.email, admin.password, `/classes/${randomUUID()}`);
				await w.page.getByRole("alert").filter({ hasText: "This class does not exist, or it is not one of yours." }).waitFor();
				await screenshot(w.page, "class-not-found");
				expect(w.problems).toEqual([]);
			}),
		60_000,
	);
});
