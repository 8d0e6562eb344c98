import { describe, expect, it } from "@rbxts/jest-globals";
import { type FakeAnswer, fakeAuthHttp, type FakeRequest, fakeSettings, fakeTime, serviceError } from "../auth/fake-auth.spec-util";
import { SignIn } from "../auth/sign-in";
import { SESSION_SETTING } from "../auth/token-store";
import { listMyLessons } from "./list-lessons";

const URL = "http://toolboxai.test";
const FIRST = `${URL}/v1/lessons?owner=me&limit=100`;

function lesson(n: number, extra: Record<string, unknown> = {}) {
	return {
		id: `00000000-0000-4000-8000-00000000000${n}`,
		title: `Lesson ${n}`,
		subject: "math",
		gradeBand: "3-5",
		objectives: [],
		ownerUserId: "00000000-0000-4000-8000-000000000001",
		status: "draft",
		createdAt: "2026-11-25T14:00:00.000Z",
		updatedAt: "2026-11-25T14:00:00.000Z",
		latestVersion: "1.0.0",
		...extra,
	};
}

/** A plugin talking to `answer`, signed in unless told otherwise. */
function setup(answer: (request: FakeRequest) => FakeAnswer, signedIn = true) {
	const http = fakeAuthHttp(answer);
	const time = fakeTime();
	const settings = fakeSettings(signedIn ? { [SESSION_SETTING]: { serverUrl: URL, accessToken: "access-0", refreshToken: "rt_0", accessExpiresAt: time.now() + 900 } } : {});
	return { http, signIn: new SignIn({ http, settings, wait: time.wait, now: time.now }) };
}

describe("listMyLessons", () => {
	it("follows nextCursor across two pages, as the signed-in teacher, stripping fields it does not know", () => {
		const { http, signIn } = setup((request) => {
			if (request.url === FIRST) return { status: 200, body: { items: [lesson(1, { shinyNewField: true }), lesson(2)], nextCursor: "bDF8Mj+/=" } };
			// The opaque cursor goes back percent-encoded.
			if (request.url === `${FIRST}&cursor=bDF8Mj%2B%2F%3D`) return { status: 200, body: { items: [lesson(3, { status: "published", publishedVersion: "1.0.0" })] } };
			return serviceError(404, "not_found");
		});
		const result = listMyLessons(signIn);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.lessons.map((l) => l.title)).toEqual(["Lesson 1", "Lesson 2", "Lesson 3"]);
		expect(result.truncated).toBe(false);
		expect((result.lessons[0] as unknown as Record<string, unknown>).shinyNewField).toBeUndefined();
		expect(result.lessons[2].publishedVersion).toBe("1.0.0");
		expect(http.requests.size()).toBe(2);
		expect(http.requests.map((r) => r.method)).toEqual(["GET", "GET"]);
		expect(http.requests[1].headers.Authorization).toBe("Bearer access-0");
	});

	it("answers an empty list with no lessons", () => {
		const { signIn } = setup(() => ({ status: 200, body: { items: [] } }));
		expect(listMyLessons(signIn)).toEqual({ ok: true, lessons: [], truncated: false });
	});

	it("stops after maxPages and says the list is cut short", () => {
		let n = 0;
		const { http, signIn } = setup(() => {
			n += 1;
			return { status: 200, body: { items: [lesson(n)], nextCursor: `c${n}` } };
		});
		const result = listMyLessons(signIn, { pageSize: 1, maxPages: 3 });
		expect(result).toMatchObject({ ok: true, truncated: true });
		expect(http.requests.map((r) => r.url)).toEqual([
			`${URL}/v1/lessons?owner=me&limit=1`,
			`${URL}/v1/lessons?owner=me&limit=1&cursor=c1`,
			`${URL}/v1/lessons?owner=me&limit=1&cursor=c2`,
		]);
	});

	it("fails instead of looping when the service hands out the same cursor twice", () => {
		const { http, signIn } = setup(() => ({ status: 200, body: { items: [lesson(1)], nextCursor: "same" } }));
		expect(listMyLessons(signIn)).toEqual({ ok: false, reason: "failed", message: "Listing your lessons failed: the server sent the same page twice." });
		expect(http.requests.size()).toBe(2);
	});

	it("asks nothing when signed out", () => {
		const { http, signIn } = setup(() => ({ status: 200, body: { items: [] } }), false);
		expect(listMyLessons(signIn)).toEqual({ ok: false, reason: "signed_out", message: "Sign in to ToolBoxAI to see your lessons." });
		expect(http.requests.size()).toBe(0);
	});

	it("says signed out when the service refuses the session (401 after the refresh is refused too)", () => {
		const { http, signIn } = setup(() => serviceError(401, "unauthenticated", "Session revoked."));
		expect(listMyLessons(signIn)).toMatchObject({ ok: false, reason: "signed_out" });
		expect(http.to("/v1/auth/refresh").size()).toBe(1);
	});

	it("says offline when the server is down", () => {
		const { signIn } = setup(() => ({ throws: "HttpError: ConnectFail" }));
		const result = listMyLessons(signIn);
		expect(result).toMatchObject({ ok: false, reason: "offline" });
		if (!result.ok) expect(result.message).toMatch("Cannot reach the ToolBoxAI server");
	});

	it("passes on the service's own message when it fails", () => {
		const { signIn } = setup(() => serviceError(503, "unavailable", "The database is being upgraded."));
		expect(listMyLessons(signIn)).toEqual({
			ok: false,
			reason: "failed",
			message: "Listing your lessons failed: The database is being upgraded. (HTTP 503, unavailable)",
		});
	});

	it("refuses a reply that is not a LessonPage, naming what is wrong", () => {
		const { signIn } = setup(() => ({ status: 200, body: { items: [lesson(1, { status: "deleted" })] } }));
		const result = listMyLessons(signIn);
		expect(result).toMatchObject({ ok: false, reason: "failed" });
		if (!result.ok) expect(result.message).toMatch("/items/0/status");
	});
});
