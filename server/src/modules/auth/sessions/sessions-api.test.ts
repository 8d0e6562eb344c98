/** The dashboard's cookie transport (with its CSRF defence) and the sessions people list and end. */
import request from "supertest";
import { BrowserSession, ErrorResponse, SessionList } from "@toolboxai/shared";
import { parse } from "@toolboxai/shared/node";
import type { Response } from "express";
import type { Config } from "../../../config/config";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { PASSWORD, seedTenant, seedUser } from "../__tests__/seed";
import { setRefreshCookie } from "../http/refresh-cookie";
import { issueSession } from "./issue-session";

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

let database: TestDatabase;
let t: TestApp;
let origin: string;
let schoolA: string;
let schoolB: string;
let teacherId: string;

beforeAll(async () => {
	database = await createTestDatabase("sessions_api");
	t = await startTestApp({ database });
	origin = new URL(t.config.publicUrl).origin;
	schoolA = await seedTenant(t.infra.db, "School A");
	schoolB = await seedTenant(t.infra.db, "School B");
	teacherId = await seedUser(t.infra.db, "teacher@a.example", [{ tenantId: schoolA, role: "teacher" }]);
	await seedUser(t.infra.db, "admin@a.example", [{ tenantId: schoolA, role: "tenant_admin" }]);
	await seedUser(t.infra.db, "admin@b.example", [{ tenantId: schoolB, role: "tenant_admin" }]);
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function signIn(email: string): Promise<{ accessToken: string; refreshToken: string }> {
	const res = await request(t.app).post("/v1/auth/login").send({ email, password: PASSWORD });
	expect(res.status).toBe(200);
	return res.body;
}

function cookieOf(res: request.Response): { value: string; attributes: string } {
	const header = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((line) => line.startsWith("toolboxai_refresh="));
	expect(header).toBeDefined();
	const [pair, ...attributes] = (header as string).split("; ");
	return { value: (pair as string).slice("toolboxai_refresh=".length), attributes: attributes.join("; ") };
}

/** A dashboard tab: the dashboard's sign-in, then the refresh token moved into the cookie. */
async function browserSignIn(email: string): Promise<{ cookie: string; accessToken: string }> {
	const tokens = await signIn(email);
	const res = await request(t.app).post("/v1/auth/session").set("Origin", origin).set("User-Agent", FIREFOX).send({ refreshToken: tokens.refreshToken });
	expect(res.status).toBe(200);
	return { cookie: cookieOf(res).value, accessToken: res.body.accessToken };
}

function refreshWithCookie(cookie: string, headers: Record<string, string> = { Origin: origin }) {
	return request(t.app).post("/v1/auth/session/refresh").set("Cookie", `toolboxai_refresh=${cookie}`).set(headers).send();
}

function get(path: string, accessToken: string) {
	return request(t.app).get(path).set("Authorization", `Bearer ${accessToken}`);
}

describe("the dashboard's cookie", () => {
	it("holds the refresh token (httpOnly, SameSite=Strict, scoped to the session routes) while the body holds only an access token", async () => {
		const tokens = await signIn("teacher@a.example");
		const res = await request(t.app).post("/v1/auth/session").set("Origin", origin).send({ refreshToken: tokens.refreshToken });
		expect(res.status).toBe(200);
		expect(parse(BrowserSession, res.body, { unknownKeys: "reject" }).ok).toBe(true);
		const cookie = cookieOf(res);
		expect(cookie.value).toMatch(/^rt_/);
		expect(cookie.value).not.toBe(tokens.refreshToken);
		expect(JSON.stringify(res.body)).not.toContain(cookie.value);
		expect(cookie.attributes.split("; ").sort()).toEqual(expect.arrayContaining(["HttpOnly", "Path=/v1/auth/session", "SameSite=Strict"]));
		expect(cookie.attributes).not.toContain("Secure");
		expect(cookie.attributes).toMatch(/Max-Age=(2591\d{3}|2592000)/);

		const refreshed = await refreshWithCookie(cookie.value);
		expect(refreshed.status).toBe(200);
		expect(cookieOf(refreshed).value).not.toBe(cookie.value);
		expect((await get("/v1/me", refreshed.body.accessToken)).status).toBe(200);
	});

	it("is Secure when the service's public URL is https", () => {
		const lines: string[] = [];
		const res = { append: (_name: string, value: string) => lines.push(value) } as unknown as Response;
		setRefreshCookie(res, { publicUrl: "https://toolbox.example.org" } as Config, "rt_x", new Date(Date.now() + 60_000));
		expect(lines[0]?.split("; ")).toContain("Secure");
	});

	it("lets two tabs refresh at once without ending the session", async () => {
		const tab = await browserSignIn("teacher@a.example");
		const [one, two] = await Promise.all([refreshWithCookie(tab.cookie), refreshWithCookie(tab.cookie)]);
		expect([one.status, two.status]).toEqual([200, 200]);
		expect(cookieOf(one).value).toBe(cookieOf(two).value);
		expect((await refreshWithCookie(cookieOf(one).value)).status).toBe(200);
	});

	it.each([
		["no Origin", {}],
		["another site's Origin", { Origin: "https://evil.example" }],
		["a cross-site fetch", { Origin: "same", "Sec-Fetch-Site": "cross-site" }],
	] as Array<[string, Record<string, string>]>)("refuses %s with 403 and leaves the session alone", async (_name, given) => {
		const headers = Object.fromEntries(Object.entries(given).map(([name, value]) => [name, value === "same" ? origin : value]));
		const tab = await browserSignIn("teacher@a.example");
		const res = await refreshWithCookie(tab.cookie, headers);
		expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 403, code: "forbidden" });
		expect(parse(ErrorResponse, res.body, { unknownKeys: "reject" }).ok).toBe(true);
		expect(res.headers["set-cookie"]).toBeUndefined();
		expect((await refreshWithCookie(tab.cookie)).status).toBe(200);
		const moved = await request(t.app).post("/v1/auth/session/end").set("Cookie", `toolboxai_refresh=${tab.cookie}`).set(headers).send();
		expect(moved.status).toBe(403);
	});

	it("signs out: the session ends, the cookie is cleared, and a later refresh says why", async () => {
		const tab = await browserSignIn("teacher@a.example");
		const end = await request(t.app).post("/v1/auth/session/end").set("Origin", origin).set("Cookie", `toolboxai_refresh=${tab.cookie}`).send();
		expect(end.status).toBe(200);
		expect(cookieOf(end).value).toBe("");
		expect(cookieOf(end).attributes).toContain("Max-Age=0");
		expect((await get("/v1/me", tab.accessToken)).status).toBe(401);
		const after = await refreshWithCookie(tab.cookie);
		expect({ status: after.status, reason: after.body.error.details?.reason }).toEqual({ status: 401, reason: "logout" });
		expect(cookieOf(after).attributes).toContain("Max-Age=0");
	});

	it("answers 401 reason none to a browser without a session", async () => {
		const res = await request(t.app).post("/v1/auth/session/refresh").set("Origin", origin).send();
		expect({ status: res.status, reason: res.body.error.details?.reason }).toEqual({ status: 401, reason: "none" });
	});
});

describe("sessions people can see and end", () => {
	it("lists a teacher's browsers and Studio windows; admins see and end the school's Studio sessions; sign out everywhere", async () => {
		const tab = await browserSignIn("teacher@a.example");
		const studio = await issueSession(t, { userId: teacherId, tenantId: schoolA, roles: ["teacher"], client: { kind: "studio", label: "Studio on LAB-PC-07" } });

		const mine = await get("/v1/sessions", tab.accessToken);
		expect(mine.status).toBe(200);
		expect(parse(SessionList, mine.body, { unknownKeys: "reject" }).ok).toBe(true);
		const items = mine.body.items as Array<{ id: string; client: string; label?: string; current: boolean; user: { id: string } }>;
		expect(items.every((item) => item.user.id === teacherId)).toBe(true);
		expect(items.find((item) => item.current)).toMatchObject({ client: "browser", label: "Firefox on Windows" });
		const studioItem = items.find((item) => item.client === "studio" && item.label === "Studio on LAB-PC-07");
		expect(studioItem).toBeDefined();

		// Teachers do not see the school's list; its admins do, and only their own school's.
		expect((await get("/v1/sessions/studio", tab.accessToken)).status).toBe(403);
		const admin = await signIn("admin@a.example");
		const school = await get("/v1/sessions/studio", admin.accessToken);
		expect(school.status).toBe(200);
		expect((school.body.items as Array<{ id: string; client: string }>).map((item) => item.id)).toContain(studioItem?.id);
		expect((school.body.items as Array<{ client: string }>).every((item) => item.client === "studio")).toBe(true);
		const otherAdmin = await signIn("admin@b.example");
		expect(((await get("/v1/sessions/studio", otherAdmin.accessToken)).body.items as unknown[]).length).toBe(0);

		// Another school's admin, and an admin for a teacher's browser: not found. The school's admin ends the Studio session.
		const browserId = items.find((item) => item.current)?.id as string;
		const end = (who: string, id: string) => request(t.app).delete(`/v1/sessions/${id}`).set("Authorization", `Bearer ${who}`);
		expect((await end(otherAdmin.accessToken, studioItem?.id as string)).status).toBe(404);
		expect((await end(admin.accessToken, browserId)).status).toBe(404);
		const ended = await end(admin.accessToken, studioItem?.id as string);
		expect({ status: ended.status, body: ended.body }).toEqual({ status: 200, body: { ended: 1 } });
		const studioRefresh = await request(t.app).post("/v1/auth/refresh").send({ refreshToken: studio.refreshToken });
		expect({ status: studioRefresh.status, reason: studioRefresh.body.error.details?.reason }).toEqual({ status: 401, reason: "admin" });
		expect((await end(admin.accessToken, "not-a-session")).status).toBe(404);

		// Sign out everywhere ends the teacher's other sessions and this one.
		const other = await signIn("teacher@a.example");
		const everywhere = await request(t.app).post("/v1/sessions/end-all").set("Authorization", `Bearer ${tab.accessToken}`).send();
		expect(everywhere.status).toBe(200);
		expect(everywhere.body.ended).toBeGreaterThanOrEqual(2);
		expect((await get("/v1/me", other.accessToken)).status).toBe(401);
		expect((await get("/v1/me", tab.accessToken)).status).toBe(401);
		expect((await get("/v1/me", admin.accessToken)).status).toBe(200);
	});
});
