import { describe, expect, it } from "@rbxts/jest-globals";
import type { ConnectionState } from "../connection";
import { type FakeAnswer, fakeAuthHttp, type FakeRequest, fakeSettings, fakeTime, serviceError } from "../auth/fake-auth.spec-util";
import { SignIn } from "../auth/sign-in";
import { SESSION_SETTING } from "../auth/token-store";
import { downloadVersion } from "./download";
import { fakeHistory, fakeTags } from "./fake-studio.spec-util";
import { FIXTURES } from "./fixtures.spec-util";
import { nextVersion } from "./lesson-calls";
import { readLesson } from "./read-lesson";
import { uploadLesson, type UploadState } from "./upload";
import { writeLesson } from "./write-lesson";

const URL = "http://toolboxai.test";
const LESSON_ID = "00000000-0000-4000-8000-00000000000a";
const CONNECTED: ConnectionState = {
	status: "connected",
	serverUrl: URL,
	meta: { protocolVersion: "1.0.0", serverVersion: "0.1.0", serverTime: "2026-11-25T14:00:00.000Z" },
};

function lesson(latestVersion?: string) {
	return {
		id: LESSON_ID,
		title: "Fractions",
		subject: "math",
		gradeBand: "3-5",
		objectives: [],
		ownerUserId: "00000000-0000-4000-8000-000000000001",
		status: "draft",
		createdAt: "2026-11-25T14:00:00.000Z",
		updatedAt: "2026-11-25T14:00:00.000Z",
		latestVersion,
	};
}

function summary(version: string) {
	return { lessonId: LESSON_ID, version, contentHash: string.rep("a", 64), authorUserId: "00000000-0000-4000-8000-000000000001", createdAt: "2026-11-25T14:00:00.000Z" };
}

/** A signed-in plugin talking to `answer`; the lesson folder holds the single-choice fixture. */
function setup(answer: (request: FakeRequest) => FakeAnswer, signedIn = true) {
	const http = fakeAuthHttp(answer);
	const time = fakeTime();
	const settings = fakeSettings(signedIn ? { [SESSION_SETTING]: { serverUrl: URL, accessToken: "access-0", refreshToken: "rt_0", accessExpiresAt: time.now() + 900 } } : {});
	const signIn = new SignIn({ http, settings, wait: time.wait, now: time.now });
	const tags = fakeTags();
	const history = fakeHistory();
	const folder = new Instance("Folder");
	folder.Name = "Fractions";
	writeLesson(tags, folder, FIXTURES["single choice"]);
	folder.SetAttribute("Subject", "math");
	folder.SetAttribute("GradeBand", "3-5");
	folder.SetAttribute("Objectives", "Compare fractions\nPlace 3/4");
	const states = new Array<UploadState>();
	const deps = { api: signIn, tags, history, connection: CONNECTED, onState: (s: UploadState) => states.push(s) };
	return { http, settings, tags, history, folder, deps, states };
}

describe("uploadLesson", () => {
	it("creates the lesson on the first upload, keeps its id on the folder and uploads 1.0.0", () => {
		const { http, folder, deps, history, states } = setup((request) => {
			if (request.url === `${URL}/v1/lessons` && request.method === "POST") return { status: 201, body: lesson() };
			if (request.url === `${URL}/v1/lessons/${LESSON_ID}/versions`) return { status: 201, body: summary("1.0.0") };
			return serviceError(404, "not_found");
		});
		const result = uploadLesson(deps, folder);
		expect(result).toMatchObject({ status: "uploaded", lessonId: LESSON_ID, version: "1.0.0", unchanged: false, message: "Uploaded v1.0.0." });
		expect(states[0].status).toBe("uploading");
		expect(http.requests[0].body).toEqual({ title: "Fractions", subject: "math", gradeBand: "3-5", objectives: ["Compare fractions", "Place 3/4"] });
		expect(http.requests[0].headers.Authorization).toBe("Bearer access-0");
		expect(http.requests[1].body).toEqual({ version: "1.0.0", content: FIXTURES["single choice"] });
		expect(folder.GetAttribute("LessonId")).toBe(LESSON_ID);
		expect(folder.GetAttribute("LessonVersion")).toBe("1.0.0");
		// Both attribute writes were undoable recordings, each committed.
		expect(history.calls.filter((c) => c.call === "finish").map((c) => (c as { operation: string }).operation)).toEqual(["Commit", "Commit"]);
	});

	it("uploads the next patch of the latest version to a linked lesson, and says when nothing changed", () => {
		const { http, folder, deps } = setup((request) => {
			if (request.url === `${URL}/v1/lessons/${LESSON_ID}` && request.method === "GET") return { status: 200, body: lesson("1.0.3") };
			if (request.url === `${URL}/v1/lessons/${LESSON_ID}/versions`) return { status: 200, body: summary("1.0.3") };
			return serviceError(404, "not_found");
		});
		folder.SetAttribute("LessonId", LESSON_ID);
		const result = uploadLesson(deps, folder);
		expect(http.requests[1].body!.version).toBe("1.0.4");
		expect(result).toMatchObject({ status: "uploaded", version: "1.0.3", unchanged: true });
		expect(http.to("/v1/lessons").size()).toBe(0);
	});

	it("lists the service's validation issues by instance (paths under /content)", () => {
		const { folder, deps } = setup((request) => {
			if (request.url === `${URL}/v1/lessons/${LESSON_ID}`) return { status: 200, body: lesson() };
			return serviceError(422, "validation_failed", "The lesson content is not valid.", {
				issues: [
					{ path: "/content/steps/0/question/choices/1/text", code: "too_long", message: "is too long" },
					{ path: "/content/steps/0/points", code: "too_small", message: "points must be 0 or more" },
				],
			});
		});
		folder.SetAttribute("LessonId", LESSON_ID);
		const result = uploadLesson(deps, folder);
		expect(result.status).toBe("failed");
		if (result.status !== "failed") return;
		const quiz = folder.FindFirstChild("q1")!;
		expect(result.problems.map((p) => p.instance)).toEqual([quiz.FindFirstChild("b"), quiz]);
		expect(result.problems[1].attribute).toBe("Points");
		expect(result.message.find("HTTP 422, validation_failed", 1, true)[0] !== undefined).toBe(true);
		expect(result.message.find("Fractions.q1.b (Text): is too long", 1, true)[0] !== undefined).toBe(true);
		expect(folder.GetAttribute("LessonVersion")).toBeUndefined();
	});

	it("checks locally first: an invalid lesson sends nothing", () => {
		const { http, folder, deps } = setup(() => serviceError(500, "internal"));
		folder.FindFirstChild("q1")!.FindFirstChild("a")!.SetAttribute("Correct", true);
		const result = uploadLesson(deps, folder);
		expect(result.status).toBe("invalid");
		if (result.status === "invalid") expect(result.problems[0].code).toBe("too_many_correct");
		expect(http.requests.size()).toBe(0);
	});

	it("is signed out without a session, and after the service refuses the refresh", () => {
		const out = setup(() => serviceError(500, "internal"), false);
		expect(uploadLesson(out.deps, out.folder).status).toBe("signed_out");
		expect(out.http.requests.size()).toBe(0);

		const revoked = setup(() => serviceError(401, "unauthenticated", "Session ended."));
		const result = uploadLesson(revoked.deps, revoked.folder);
		expect(result.status).toBe("signed_out");
		// one try, one refresh (refused), no retry
		expect(revoked.http.to("/v1/auth/refresh").size()).toBe(1);
		expect(revoked.settings.values[SESSION_SETTING]).toBeUndefined();
	});

	it("is offline when the server is down or not connected, and incompatible on another protocol", () => {
		const down = setup(() => ({ throws: "HttpError: ConnectFail" }));
		const result = uploadLesson(down.deps, down.folder);
		expect(result.status).toBe("offline");
		expect(result.message.find("ConnectFail", 1, true)[0] !== undefined).toBe(true);

		const s = setup(() => serviceError(500, "internal"));
		expect(uploadLesson({ ...s.deps, connection: { status: "not_connected" } }, s.folder).status).toBe("offline");
		const mismatch: ConnectionState = { status: "error", serverUrl: URL, reason: "protocol_mismatch", message: "The server speaks protocol 2; update the plugin." };
		expect(uploadLesson({ ...s.deps, connection: mismatch }, s.folder)).toEqual({ status: "incompatible", message: mismatch.message });
		expect(s.http.requests.size()).toBe(0);
	});
});

describe("uploadLesson: the folder and the session must fit the server", () => {
	it("does not send a session's tokens to another server", () => {
		const s = setup(() => serviceError(500, "internal"));
		const elsewhere: ConnectionState = { ...CONNECTED, serverUrl: "http://other.test" };
		const result = uploadLesson({ ...s.deps, connection: elsewhere }, s.folder);
		expect(result.status).toBe("signed_out");
		expect(result.message.find("http://other.test", 1, true)[0] !== undefined).toBe(true);
		expect(s.http.requests.size()).toBe(0);
	});

	it("says how to continue when the folder's LessonId is not a lesson on this server", () => {
		const s = setup(() => serviceError(404, "not_found", "No such lesson."));
		s.folder.SetAttribute("LessonId", LESSON_ID);
		const result = uploadLesson(s.deps, s.folder);
		expect(result.status).toBe("failed");
		if (result.status !== "failed") return;
		expect(result.message.find("Remove the LessonId attribute", 1, true)[0] !== undefined).toBe(true);
		expect(result.problems[0].instance).toBe(s.folder);
		expect(s.http.to("/versions").size()).toBe(0);
	});
});

describe("downloadVersion", () => {
	it("builds the version into a folder as one undoable change and links it", () => {
		const content = FIXTURES["everything, eleven steps (Order 10 after 9)"];
		const { http, tags, history, deps } = setup((request) => {
			if (request.url === `${URL}/v1/lessons/${LESSON_ID}/versions/1.2.0`) return { status: 200, body: { ...summary("1.2.0"), content } };
			return serviceError(404, "not_found");
		});
		const target = new Instance("Folder");
		const result = downloadVersion(deps, LESSON_ID, "1.2.0", target);
		expect(result).toEqual({ ok: true, version: "1.2.0" });
		expect(http.requests[0].method).toBe("GET");
		expect(readLesson(tags, target)).toEqual(content);
		expect(target.GetAttribute("LessonId")).toBe(LESSON_ID);
		expect(target.GetAttribute("LessonVersion")).toBe("1.2.0");
		expect(history.calls).toEqual([
			{ call: "begin", name: "ToolBoxAI: download lesson", displayName: "Download lesson v1.2.0", id: "rec-1" },
			{ call: "finish", id: "rec-1", operation: "Commit" },
		]);
	});

	it("puts a new folder under the parent, named after the lesson, in the same recording", () => {
		const content = FIXTURES.ordering;
		const { history, deps } = setup(() => ({ status: 200, body: { ...summary("1.0.0"), content } }));
		const parent = new Instance("Folder");
		const target = new Instance("Folder");
		expect(downloadVersion(deps, LESSON_ID, "1.0.0", target, parent).ok).toBe(true);
		expect(target.Parent).toBe(parent);
		expect(target.Name).toBe("Planets");
		expect(history.calls.size()).toBe(2);
	});

	it("changes nothing when the version is missing", () => {
		const { history, deps } = setup(() => serviceError(404, "not_found", "No such version."));
		const target = new Instance("Folder");
		const result = downloadVersion(deps, LESSON_ID, "9.9.9", target);
		expect(result.ok).toBe(false);
		expect(target.GetChildren().size()).toBe(0);
		expect(history.calls.size()).toBe(0);
	});
});

describe("nextVersion", () => {
	it("counts patches up from 1.0.0 and releases a prerelease", () => {
		expect([nextVersion(undefined), nextVersion("1.0.0"), nextVersion("2.3.9"), nextVersion("1.1.0-beta.1")]).toEqual(["1.0.0", "1.0.1", "2.3.10", "1.1.0"]);
	});
});
