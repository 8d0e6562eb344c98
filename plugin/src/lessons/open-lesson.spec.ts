import { describe, expect, it } from "@rbxts/jest-globals";
import type { Lesson } from "@toolboxai/shared";
import { type FakeAnswer, fakeAuthHttp, type FakeRequest, fakeSettings, fakeTime, serviceError } from "../auth/fake-auth.spec-util";
import { SignIn } from "../auth/sign-in";
import { SESSION_SETTING } from "../auth/token-store";
import { fakeHistory, fakeTags } from "./fake-studio.spec-util";
import { FIXTURES } from "./fixtures.spec-util";
import { openLesson } from "./open-lesson";
import { readLesson } from "./read-lesson";

const URL = "http://toolboxai.test";
const LESSON_ID = "00000000-0000-4000-8000-00000000000a";

function listed(latestVersion?: string): Lesson {
	return {
		id: LESSON_ID,
		title: "Planets",
		subject: "science",
		gradeBand: "3-5",
		objectives: [],
		ownerUserId: "00000000-0000-4000-8000-000000000001",
		status: "draft",
		createdAt: "2026-11-25T14:00:00.000Z",
		updatedAt: "2026-11-25T14:00:00.000Z",
		latestVersion,
	};
}

function setup(answer: (request: FakeRequest) => FakeAnswer) {
	const http = fakeAuthHttp(answer);
	const time = fakeTime();
	const settings = fakeSettings({ [SESSION_SETTING]: { serverUrl: URL, accessToken: "access-0", refreshToken: "rt_0", accessExpiresAt: time.now() + 900 } });
	const tags = fakeTags();
	const history = fakeHistory();
	return { http, tags, history, deps: { api: new SignIn({ http, settings, wait: time.wait, now: time.now }), tags, history } };
}

describe("openLesson", () => {
	it("downloads the latest version into a new folder under the parent, in one recording", () => {
		const content = FIXTURES.ordering;
		const { http, tags, history, deps } = setup((request) => {
			if (request.url === `${URL}/v1/lessons/${LESSON_ID}/versions/1.0.2`) {
				return {
					status: 200,
					body: { lessonId: LESSON_ID, version: "1.0.2", contentHash: string.rep("a", 64), authorUserId: LESSON_ID, createdAt: "2026-11-25T14:00:00.000Z", content },
				};
			}
			return serviceError(404, "not_found");
		});
		const parent = new Instance("Folder");
		const result = openLesson(deps, listed("1.0.2"), parent);
		expect(result.ok).toBe(true);
		expect(http.requests.size()).toBe(1);
		expect((result as { folder: Instance }).folder.Parent).toBe(parent);
		expect((result as { folder: Instance }).folder.GetAttribute("LessonId")).toBe(LESSON_ID);
		expect((result as { folder: Instance }).folder.GetAttribute("LessonVersion")).toBe("1.0.2");
		expect(readLesson(tags, (result as { folder: Instance }).folder)).toEqual(content);
		expect(history.calls.map((c) => c.call)).toEqual(["begin", "finish"]);
	});

	it("asks nothing for a lesson with no version, and leaves nothing behind when the download fails", () => {
		const { http, history, deps } = setup(() => serviceError(404, "not_found", "No such version."));
		const parent = new Instance("Folder");
		expect(openLesson(deps, listed(), parent)).toEqual({ ok: false, message: '"Planets" has no uploaded version yet: upload it first.' });
		expect(http.requests.size()).toBe(0);
		const failed = openLesson(deps, listed("1.0.0"), parent);
		expect(failed).toMatchObject({ ok: false });
		expect((failed as { message: string }).message).toMatch("No such version");
		expect(parent.GetChildren().size()).toBe(0);
		expect(history.calls.size()).toBe(0);
	});
});
