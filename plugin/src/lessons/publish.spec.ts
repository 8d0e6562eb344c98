import { describe, expect, it } from "@rbxts/jest-globals";
import { type FakeAnswer, fakeAuthHttp, type FakeRequest, fakeSettings, fakeTime, serviceError } from "../auth/fake-auth.spec-util";
import { SignIn } from "../auth/sign-in";
import { SESSION_SETTING } from "../auth/token-store";
import { classLine, confirmPublish, openPublish, toggleClass, versionLine } from "./publish";

const URL = "http://toolboxai.test";
const LESSON = "00000000-0000-4000-8000-00000000000a";
const TEACHER = "00000000-0000-4000-8000-000000000001";
const COLLEAGUE = "00000000-0000-4000-8000-000000000002";
const CLASS_1 = "00000000-0000-4000-8000-0000000000c1";
const CLASS_2 = "00000000-0000-4000-8000-0000000000c2";
const CLASS_3 = "00000000-0000-4000-8000-0000000000c3";
const CLASS_4 = "00000000-0000-4000-8000-0000000000c4";

const lesson = {
	id: LESSON,
	title: "Fractions",
	subject: "math",
	gradeBand: "3-5",
	objectives: [],
	ownerUserId: TEACHER,
	status: "published",
	createdAt: "2026-11-25T14:00:00.000Z",
	updatedAt: "2026-11-25T14:00:00.000Z",
	latestVersion: "1.0.2",
	publishedVersion: "1.0.1",
};
const summary = (version: string, publishedAt?: string) => ({
	lessonId: LESSON,
	version,
	contentHash: string.rep("a", 64),
	authorUserId: TEACHER,
	createdAt: "2026-11-25T14:00:00.000Z",
	publishedAt,
});
const versions = { items: [summary("1.0.2"), summary("1.0.1", "2026-11-26T10:00:00.000Z"), summary("1.0.0", "2026-11-25T15:00:00.000Z")] };
const classes = {
	items: [
		{ classId: CLASS_1, className: "Period 1", teacherUserId: TEACHER, version: "1.0.1", mine: true },
		{ classId: CLASS_2, className: "Period 2", teacherUserId: TEACHER, version: "1.0.0", mine: true },
		{ classId: CLASS_3, className: "Period 3", teacherUserId: COLLEAGUE, version: "1.0.1", mine: false },
		// Already on the version being published: nothing to ask.
		{ classId: CLASS_4, className: "Period 4", teacherUserId: TEACHER, version: "1.0.2", mine: true },
	],
	hiddenClasses: 1,
};

/** The service as the plugin meets it; `publish` answers the POST. */
function service(publish: (request: FakeRequest) => FakeAnswer, classesAnswer: FakeAnswer = { status: 200, body: classes }) {
	return (request: FakeRequest): FakeAnswer => {
		if (request.url === `${URL}/v1/lessons/${LESSON}`) return { status: 200, body: lesson };
		if (request.url === `${URL}/v1/lessons/${LESSON}/versions`) return { status: 200, body: versions };
		if (request.url === `${URL}/v1/lessons/${LESSON}/classes`) return classesAnswer;
		if (request.url === `${URL}/v1/lessons/${LESSON}/versions/1.0.2/publish` && request.method === "POST") return publish(request);
		return serviceError(404, "not_found");
	};
}

function setup(answer: (request: FakeRequest) => FakeAnswer, signedIn = true) {
	const http = fakeAuthHttp(answer);
	const time = fakeTime();
	const settings = fakeSettings(signedIn ? { [SESSION_SETTING]: { serverUrl: URL, accessToken: "access-0", refreshToken: "rt_0", accessExpiresAt: time.now() + 900 } } : {});
	return { http, signIn: new SignIn({ http, settings, wait: time.wait, now: time.now }) };
}

const published = (request: FakeRequest): FakeAnswer => ({
	status: 200,
	body: { lesson: { ...lesson, publishedVersion: "1.0.2" }, version: summary("1.0.2", "2026-11-27T10:00:00.000Z"), movedClassIds: request.body?.moveClassIds },
});

describe("publishing from Studio", () => {
	it("confirms first: the latest version, every version's state, and each class on another version with the teacher's own ticked", () => {
		const { http, signIn } = setup(service(published));
		const state = openPublish(signIn, LESSON);
		expect(state.status).toBe("confirming");
		if (state.status !== "confirming") return;
		expect(state.version).toBe("1.0.2");
		expect(state.message).toBe('Publish v1.0.2 of "Fractions"? Ticked classes move to v1.0.2; the others keep their version.');
		expect(state.versions.map(versionLine)).toEqual(["v1.0.2 · not published", "v1.0.1 · published now", "v1.0.0 · published before"]);
		expect(state.classes.map(classLine)).toEqual(["[x] Period 1 (now v1.0.1)", "[x] Period 2 (now v1.0.0)", "[ ] Period 3 (now v1.0.1, another teacher's class)"]);
		expect(state.hiddenClasses).toBe(1);
		// Nothing is published until the teacher confirms.
		expect(http.requests.filter((r) => r.method === "POST").size()).toBe(0);
		const untoggled = toggleClass(toggleClass(state, CLASS_2), CLASS_3);
		if (untoggled.status !== "confirming") return;
		expect(untoggled.classes.map(classLine)).toEqual(["[x] Period 1 (now v1.0.1)", "[ ] Period 2 (now v1.0.0)", "[x] Period 3 (now v1.0.1, another teacher's class)"]);
	});

	it("publishes the confirmed version moving only the ticked classes, and says which stay", () => {
		const { http, signIn } = setup(service(published));
		const confirming = toggleClass(openPublish(signIn, LESSON), CLASS_2);
		const done = confirmPublish(signIn, confirming);
		expect(done).toEqual({
			status: "published",
			lessonId: LESSON,
			version: "1.0.2",
			moved: ["Period 1"],
			message: 'Published v1.0.2 of "Fractions". Moved to it: Period 1. Period 2 stays on v1.0.0; Period 3 stays on v1.0.1.',
		});
		const posts = http.requests.filter((r) => r.method === "POST");
		expect(posts.size()).toBe(1);
		expect(posts[0].body).toEqual({ moveClassIds: [CLASS_1] });
		expect(posts[0].headers.Authorization).toBe("Bearer access-0");
	});

	it("publishes any listed version when one is chosen", () => {
		const { http, signIn } = setup((request) => {
			if (request.url === `${URL}/v1/lessons/${LESSON}/versions/1.0.0/publish`) return published(request);
			return service(published)(request);
		});
		const state = openPublish(signIn, LESSON, "1.0.0");
		if (state.status !== "confirming") throw `expected a confirmation, got ${state.status}`;
		expect(state.classes.map(classLine)).toEqual(["[x] Period 1 (now v1.0.1)", "[ ] Period 3 (now v1.0.1, another teacher's class)", "[x] Period 4 (now v1.0.2)"]);
		expect(confirmPublish(signIn, state).status).toBe("published");
		expect(http.to("/versions/1.0.0/publish").size()).toBe(1);
	});

	it("refuses a lesson of another teacher with what to do", () => {
		const { signIn } = setup(service(() => serviceError(403, "forbidden", "Only the lesson's owner or a school admin can change this lesson.")));
		expect(confirmPublish(signIn, openPublish(signIn, LESSON))).toEqual({
			status: "refused",
			message: `Only the owner of "Fractions" or a school admin can publish it. Ask them to publish it (from Studio or the dashboard), or remove the folder's LessonId attribute and upload it as a lesson of your own.`,
		});
	});

	it("refuses an account without the permission before asking to confirm, and publishes nothing", () => {
		const { http, signIn } = setup(service(published, serviceError(403, "forbidden", "You do not have permission.")));
		expect(openPublish(signIn, LESSON)).toEqual({
			status: "refused",
			message: "Your ToolBoxAI account cannot publish lessons: only teachers and school admins can. Ask a school admin to give you the teacher role, then sign in again.",
		});
		expect(http.requests.filter((r) => r.method === "POST").size()).toBe(0);
	});

	it("asks nothing when signed out", () => {
		const { http, signIn } = setup(service(published), false);
		expect(openPublish(signIn, LESSON)).toEqual({ status: "refused", message: "Sign in to ToolBoxAI to publish lessons." });
		expect(http.requests.size()).toBe(0);
	});
});
