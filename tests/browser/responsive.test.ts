/**
 * Every page at a phone's width and a laptop's: a school admin and a teacher each open every page they can reach
 * (found by following the header's links and the links on each page, so pages added later are covered, and the
 * pages with an id in their path — a class, a deployment — are reached the way a person reaches them). At 1280
 * and at 360 px wide, no page is wider than the window, and no UUID-shaped text is on screen outside technical
 * details. The header folds behind a Menu button at 360 px and opens from the keyboard; the focus ring contrasts
 * at least 3:1 with what it sits on.
 */
import { randomUUID } from "node:crypto";
import { isUuid } from "@toolboxai/shared/node";
import type { Browser, Page } from "playwright-core";
import { api, signup, type Account } from "./support/api";
import { openPage, screenshot, signInAt, type WatchedPage } from "./support/browser";
import { placeFile, seedRelease } from "./support/releases";
import { contrastRatio, horizontalOverflow, idsOnScreen } from "./support/screen-text";
import { type Service, waitForMail } from "./support/service";
import { browserSuite } from "./support/suite";

let service: Service;
let browser: Browser;
const { run, opened } = browserSuite("responsive", undefined, (started, launched) => {
	service = started;
	browser = launched;
});

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 360, height: 740 };
/** Addresses the service answers itself (API, docs), not dashboard pages. */
const NOT_DASHBOARD = /^\/(v1|docs|openapi|\.well-known|healthz|readyz|metrics)(\/|$|\.)|^\/sign-out$/;

async function ok<T>(res: Promise<{ status: number; body: T }>, expected: number, what: string): Promise<T> {
	const { status, body } = await res;
	if (status !== expected) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
	return body;
}

interface School {
	readonly admin: Account;
	readonly teacher: { email: string; password: string };
}

/**
 * A school with something on every page: a teacher, a class with a student who played a lesson, an API key,
 * audit events, mail, and a finished deployment. Seeded through the API (the browser only reads).
 */
async function seedSchool(): Promise<School> {
	const admin = await signup(service, "okafor");
	const teacherEmail = `teacher.${Date.now()}@maplegrove.example`;
	const teacherPassword = "another correct horse battery";
	await ok(api(service.url, "POST", "/v1/invitations", { email: teacherEmail, role: "teacher" }, admin.accessToken), 201, "invite");
	const invitation = (await waitForMail(service, teacherEmail, "invitation")) ?? "";
	const inviteToken = decodeURIComponent(/[?&]token=([A-Za-z0-9_%-]+)/.exec(invitation)?.[1] ?? "");
	expect((await api(service.url, "POST", "/v1/invitations/accept", { token: inviteToken, password: teacherPassword, displayName: "Mr Osei" })).status).toBeLessThan(300);
	const teacherToken = (await ok(api<{ accessToken: string }>(service.url, "POST", "/v1/auth/login", { email: teacherEmail, password: teacherPassword }), 200, "login"))
		.accessToken;

	const title = "Fractions on a number line, with a rather long title to wrap";
	const lesson = await ok(api<{ id: string }>(service.url, "POST", "/v1/lessons", { title, subject: "math", gradeBand: "3-5", objectives: [] }, teacherToken), 201, "createLesson");
	const content = {
		schemaVersion: 1,
		title,
		steps: [
			{ kind: "instruction", id: "intro", text: "Find one half." },
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
	};
	await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions`, { version: "1.0.0", content }, teacherToken), 201, "createVersion");
	await ok(api(service.url, "POST", `/v1/lessons/${lesson.id}/versions/1.0.0/publish`, {}, teacherToken), 200, "publish");
	const klass = await ok(
		api<{ id: string; joinCode: string }>(service.url, "POST", "/v1/classes", { name: "Period 3 Fractions", gradeBand: "6-8" }, teacherToken),
		201,
		"createClass",
	);
	await ok(api(service.url, "POST", `/v1/classes/${klass.id}/assignments`, { lessonId: lesson.id, version: "1.0.0" }, teacherToken), 201, "assign");

	const key = await ok(
		api<{ secret: string }>(service.url, "POST", "/v1/api-keys", { name: "Fractions experience", scopes: ["runtime:read", "classes:join", "progress:write"] }, admin.accessToken),
		201,
		"createApiKey",
	);
	const gameServer = (path: string, body: unknown) =>
		fetch(`${service.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json", "X-Api-Key": key.secret }, body: JSON.stringify(body) });
	expect((await gameServer("/v1/runtime/classes/join", { joinCode: klass.joinCode, robloxUserId: 1234567, displayName: "BlockBuilder42" })).status).toBe(200);
	const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 13, 0, s)).toISOString();
	const base = { robloxUserId: 1234567, lessonId: lesson.id };
	const events = [
		{ kind: "lesson_started", eventId: randomUUID(), ...base, occurredAt: at(0) },
		{ kind: "step_completed", eventId: randomUUID(), ...base, stepId: "intro", durationMs: 42_000, occurredAt: at(42) },
		{ kind: "answer_submitted", eventId: randomUUID(), ...base, stepId: "q1", answer: { correct: true, points: 10, choiceIds: ["b"] }, occurredAt: at(55) },
	];
	expect((await gameServer("/v1/runtime/progress/batches", { batchId: randomUUID(), events })).status).toBeLessThan(300);

	// A dry-run environment (no Open Cloud key) and one deployment to it, run by the service's own worker.
	await ok(api(service.url, "POST", "/v1/environments", { name: "qa", universeId: 4815162342, placeId: 1623420815 }, admin.accessToken), 201, "createEnvironment");
	const release = await seedRelease(service, admin.tenantId, placeFile("responsive"));
	const deployment = await ok(api<{ id: string }>(service.url, "POST", "/v1/deployments", { environment: "qa", releaseId: release.id }, admin.accessToken), 202, "deploy");
	for (let polls = 0; ; polls++) {
		const now = await api<{ status: string }>(service.url, "GET", `/v1/deployments/${deployment.id}`, undefined, admin.accessToken);
		if (now.body.status === "succeeded" || now.body.status === "failed") break;
		if (polls > 300) throw new Error(`deployment never ended: ${JSON.stringify(now.body)}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return { admin, teacher: { email: teacherEmail, password: teacherPassword } };
}

/** A page has opened when its h1 is there and nothing on it still says "Loading…". */
async function settled(page: Page): Promise<void> {
	await page.locator("main h1").first().waitFor();
	await page.waitForFunction(() => !Array.from(document.querySelectorAll('main [role="status"]')).some((status) => (status.textContent ?? "").trim().endsWith("…")));
}

/** The dashboard paths linked from the page as it is now, with the path of each. */
function linkedPaths(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		Array.from(document.querySelectorAll<HTMLAnchorElement>("a[href]"))
			.map((link) => new URL(link.href, window.location.href))
			.filter((url) => url.origin === window.location.origin)
			.map((url) => url.pathname),
	);
}

/** One route per shape: /classes/<id> stands for every class page. */
function routeOf(path: string): string {
	return path
		.split("/")
		.map((part) => (isUuid(part) ? ":id" : part))
		.join("/");
}

/** Opens folded parts of the page (disclosure buttons, non-technical <details>) so what they hold is checked too. */
async function unfold(page: Page): Promise<void> {
	const toggles = page.locator('main button[aria-expanded="false"]');
	for (let i = (await toggles.count()) - 1; i >= 0; i--) await toggles.nth(i).click();
	await page.evaluate(() => {
		for (const details of Array.from(document.querySelectorAll("main details:not(.technical):not([data-technical])"))) (details as HTMLDetailsElement).open = true;
	});
	await settled(page);
}

/** Problems of the page now at `width`: overflow past the window, ids on screen. */
async function problemsAt(page: Page, route: string, size: { width: number; height: number }): Promise<string[]> {
	await page.setViewportSize(size);
	const problems: string[] = [];
	const overflow = await horizontalOverflow(page);
	if (overflow.scrollWidth > overflow.innerWidth)
		problems.push(
			`${route} at ${size.width} px is ${overflow.scrollWidth} px wide; sticking out: ${overflow.culprits.join(", ")} DEBUG ${await page.evaluate(() =>
				Array.from(document.querySelectorAll("*"))
					.filter((e) => e.getBoundingClientRect().right > window.innerWidth)
					.slice(0, 12)
					.map((e) => `${e.tagName}.${e.className}:${Math.round(e.getBoundingClientRect().right)}/${getComputedStyle(e).overflowX}`)
					.join(" "),
			)}`,
		);
	const ids = await idsOnScreen(page);
	if (ids.length > 0) problems.push(`${route} at ${size.width} px shows ids outside technical details: ${ids.join(", ")}`);
	return problems;
}

/** Visits every page reachable from `start` (one per route), checking each at 1280 and 360 px. */
async function crawl(watched: WatchedPage, start: string[] = ["/"]): Promise<{ routes: string[]; problems: string[] }> {
	const { page } = watched;
	const queue = [...start];
	const routes = new Set<string>(start.map(routeOf));
	const problems: string[] = [];
	while (queue.length > 0) {
		const path = queue.shift() as string;
		const route = routeOf(path);
		await page.setViewportSize(WIDE);
		await page.goto(path);
		await settled(page);
		for (const next of await linkedPaths(page)) {
			if (NOT_DASHBOARD.test(next) || routes.has(routeOf(next))) continue;
			routes.add(routeOf(next));
			queue.push(next);
		}
		await unfold(page);
		problems.push(...(await problemsAt(page, route, WIDE)), ...(await problemsAt(page, route, NARROW)));
	}
	return { routes: [...routes].sort(), problems };
}

describe("Every page from 360 px up", () => {
	let school: School;
	let admin: WatchedPage;

	it("a school admin's pages fit 1280 and 360 px and show no id outside technical details", () =>
		run(async () => {
			school = await seedSchool();
			admin = await signInAt(browser, service.url, school.admin, "/");
			opened.push(admin);
			const { routes, problems } = await crawl(admin);
			// The crawl reached the pages with an id in their path, and the admin's own pages.
			expect(routes).toEqual(expect.arrayContaining(["/", "/classes", "/classes/:id", "/deployments", "/deployments/:id", "/sessions", "/audit", "/api-keys", "/school"]));
			expect(problems).toEqual([]);
			expect(admin.problems).toEqual([]);
		}));

	it("a teacher's pages fit 1280 and 360 px and show no id outside technical details", () =>
		run(async () => {
			const teacher = await signInAt(browser, service.url, school.teacher, "/");
			opened.push(teacher);
			const { routes, problems } = await crawl(teacher);
			expect(routes).toEqual(expect.arrayContaining(["/", "/classes", "/classes/:id", "/deployments", "/deployments/:id", "/sessions"]));
			expect(routes).not.toContain("/audit");
			expect(problems).toEqual([]);
			expect(teacher.problems).toEqual([]);
		}));

	it("the pages for people not signed in (sign-in, sign-up, the links in emails) fit 1280 and 360 px", () =>
		run(async () => {
			const visitor = await openPage(browser, service.url);
			opened.push(visitor);
			// The sign-in page and what it links to, and the pages only an email links to (opened without their token).
			const { routes, problems } = await crawl(visitor, ["/sign-in", "/invite", "/sign-up/complete", "/reset-password", "/unsubscribe"]);
			expect(routes).toEqual(expect.arrayContaining(["/sign-in", "/sign-up", "/reset-password", "/invite"]));
			expect(problems).toEqual([]);
			expect(visitor.problems).toEqual([]);
		}));

	it("at 360 px the header folds behind a Menu button that opens and follows links from the keyboard", () =>
		run(async () => {
			const { page } = admin;
			await page.setViewportSize(NARROW);
			await page.goto("/");
			await settled(page);
			const menu = page.getByRole("button", { name: "Menu" });
			const nav = page.getByRole("navigation", { name: "Main" });
			await expect(nav.isVisible()).resolves.toBe(false);
			await expect(menu.getAttribute("aria-expanded")).resolves.toBe("false");
			await menu.focus();
			await page.keyboard.press("Enter");
			await expect(menu.getAttribute("aria-expanded")).resolves.toBe("true");
			await nav.getByRole("link", { name: "Classes" }).waitFor();
			await screenshot(page, "menu-open-360");
			// The next Tab stops are the nav's links, in order.
			await page.keyboard.press("Tab");
			await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Home");
			await nav.getByRole("link", { name: "Classes" }).focus();
			await page.keyboard.press("Enter");
			await page.waitForURL((url) => url.pathname === "/classes");
			await settled(page);
			// Opening a page folds the menu again.
			await expect(menu.getAttribute("aria-expanded")).resolves.toBe("false");
			await expect(nav.isVisible()).resolves.toBe(false);
			expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(NARROW.width);
			expect(admin.problems).toEqual([]);
		}));

	it("the focus ring contrasts at least 3:1 with what it sits on, at every Tab stop of the home page", () =>
		run(async () => {
			const { page } = admin;
			for (const size of [WIDE, NARROW]) {
				await page.setViewportSize(size);
				await page.goto("/");
				await settled(page);
				const rings: Array<{ what: string; outline: string; style: string; width: number; behind: string }> = [];
				for (let stop = 0; stop < 12; stop++) {
					await page.keyboard.press("Tab");
					rings.push(
						await page.evaluate(() => {
							const focused = document.activeElement as HTMLElement;
							const style = getComputedStyle(focused);
							// The ring is drawn outside the element: what it sits on is the nearest ancestor's background.
							let behind = "rgb(255, 255, 255)";
							for (let up = focused.parentElement; up !== null; up = up.parentElement) {
								const background = getComputedStyle(up).backgroundColor;
								if (background !== "transparent" && background !== "rgba(0, 0, 0, 0)") {
									behind = background;
									break;
								}
							}
							return { what: focused.outerHTML.slice(0, 60), outline: style.outlineColor, style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth), behind };
						}),
					);
				}
				// Between the last stop and the first, focus rests on the document itself: no ring there.
				const stops = rings.filter((ring) => !ring.what.startsWith("<body"));
				expect(stops.length).toBeGreaterThanOrEqual(size === WIDE ? 8 : 4);
				for (const ring of stops) {
					expect({ what: ring.what, style: ring.style }).toEqual({ what: ring.what, style: "solid" });
					expect(ring.width).toBeGreaterThanOrEqual(2);
					const ratio = contrastRatio(ring.outline, ring.behind);
					if (ratio < 3) throw new Error(`focus ring ${ring.outline} on ${ring.behind} is ${ratio.toFixed(2)}:1 at ${ring.what}`);
				}
			}
		}));

	it("a school admin sets the school's time zone on the School page at 360 px, and dates on every page follow it", () =>
		run(async () => {
			const { page } = admin;
			await page.setViewportSize(NARROW);
			await page.goto("/school");
			await settled(page);
			const zone = page.getByLabel("Time zone", { exact: true });
			await expect(zone.inputValue()).resolves.toBe("UTC");
			await screenshot(page, "school-settings-360");
			await zone.selectOption("America/Chicago");
			await page.getByRole("button", { name: "Save time zone" }).click();
			await page
				.getByRole("status")
				.filter({ hasText: /^Saved: dates are now shown in America\/Chicago \(C[SD]T\)\.$/ })
				.waitFor();

			// The API key's creation time, as the school's clock read it (the browser's own clock is UTC, so the zone is named).
			const keys = await api<{ items: Array<{ name: string; createdAt: string }> }>(service.url, "GET", "/v1/api-keys", undefined, school.admin.accessToken);
			const createdAt = keys.body.items.find((key) => key.name === "Fractions experience")?.createdAt as string;
			const inChicago = new Date(createdAt).toLocaleString("en-GB", {
				year: "numeric",
				month: "short",
				day: "numeric",
				hour: "numeric",
				minute: "2-digit",
				timeZone: "America/Chicago",
				timeZoneName: "short",
			});
			await page.goto("/api-keys");
			await settled(page);
			await expect(page.locator("tbody tr").filter({ hasText: "Fractions experience" }).locator("td").allTextContents()).resolves.toContain(inChicago);
			expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(NARROW.width);

			// A name the service's time zone database does not know is refused in words (the API's stable code).
			const refused = await api<{ error: { code: string } }>(service.url, "PATCH", "/v1/school/settings", { timeZone: "Mars/Olympus_Mons" }, school.admin.accessToken);
			expect([refused.status, refused.body.error.code]).toEqual([422, "unknown_time_zone"]);
			expect(admin.problems).toEqual([]);
		}));
});
