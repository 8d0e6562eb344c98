import { describe, expect, it } from "@rbxts/jest-globals";
import type { StudentProgress } from "@toolboxai/shared";
import type { ServiceClient, ServiceRequest, ServiceResult } from "../service-client";
import { fetchResumePoint, removedFromClass, resumePointOf } from "./resume";

const PROGRESS: StudentProgress = {
	robloxUserId: 1001,
	lessons: [
		{
			lessonId: "lesson-a",
			score: 10,
			completed: false,
			steps: [
				{ stepId: "intro", completed: true, answered: false, points: 0 },
				// Answered but its step_completed not stored (the server stopped in between): done all the same.
				{ stepId: "q1", completed: false, answered: true, points: 10 },
				{ stepId: "q2", completed: false, answered: false, points: 0 },
			],
		},
	],
};

/** A ServiceClient answering from a script, recording the paths asked. */
function client(answers: Array<ServiceResult<unknown>>) {
	const paths = new Array<string>();
	const fake: ServiceClient = {
		serverUrl: "http://service.test",
		call<T>(request: ServiceRequest<T>): ServiceResult<T> {
			paths.push(request.path);
			const answer = answers.shift();
			if (answer === undefined) error("no more answers");
			return answer as ServiceResult<T>;
		},
	};
	return { fake, paths };
}

describe("removedFromClass", () => {
	const CLASS = "6f1c2a9e-5d7b-4c1e-9a8f-2b6d4e0c1a7b";
	it("only when the service lists the student's classes and this one is not among them", () => {
		expect(removedFromClass({ ...PROGRESS, classIds: [] }, CLASS)).toBe(true);
		expect(removedFromClass({ ...PROGRESS, classIds: ["00000000-0000-4000-8000-00000000000c"] }, CLASS)).toBe(true);
		expect(removedFromClass({ ...PROGRESS, classIds: [CLASS.upper()] }, CLASS)).toBe(false);
		// An older service (no classIds) or no answer at all keeps the class.
		expect(removedFromClass(PROGRESS, CLASS)).toBe(false);
		expect(removedFromClass(undefined, CLASS)).toBe(false);
	});
});

describe("resume", () => {
	it("done steps are the completed and the answered ones; score and completion as the service has them", () => {
		expect(resumePointOf(PROGRESS, "lesson-a")).toEqual({ doneStepIds: ["intro", "q1"], score: 10, completed: false });
		expect(resumePointOf(PROGRESS, "lesson-b")).toBe(undefined);
	});

	it("asks the service for the player's progress and retries a failure, waiting as told", () => {
		const { fake, paths } = client([
			{ ok: false, reason: "server_down", message: "down" },
			{ ok: false, reason: "rate_limited", message: "slow down", status: 429, retryAfter: 7 },
			{ ok: true, value: PROGRESS },
		]);
		const waits = new Array<number>();
		const warnings = new Array<string>();
		const point = fetchResumePoint({ client: fake, warn: (line) => warnings.push(line), sleep: (s) => waits.push(s) }, 1001, "lesson-a");
		expect(point).toEqual({ doneStepIds: ["intro", "q1"], score: 10, completed: false });
		expect(paths).toEqual(["/v1/runtime/students/1001/progress", "/v1/runtime/students/1001/progress", "/v1/runtime/students/1001/progress"]);
		expect(waits).toEqual([1, 7]);
		expect(warnings).toEqual([]);
	});

	it("404 (no such student yet) starts fresh at once; a key without the scope is not retried; giving up is logged", () => {
		const missing = client([{ ok: false, reason: "server_error", status: 404, message: "No such student" }]);
		expect(fetchResumePoint({ client: missing.fake, warn: () => {}, sleep: () => {} }, 1001, "lesson-a")).toBe(undefined);
		expect(missing.paths.size()).toBe(1);

		const scope = client([{ ok: false, reason: "key_lacks_scope", status: 403, message: "needs runtime:read" }]);
		const warnings = new Array<string>();
		expect(fetchResumePoint({ client: scope.fake, warn: (line) => warnings.push(line), sleep: () => {} }, 1001, "lesson-a")).toBe(undefined);
		expect(scope.paths.size()).toBe(1);
		expect(warnings[0]).toBe("[ToolBoxAI] Cannot resume player 1001: needs runtime:read");

		const down = client([
			{ ok: false, reason: "server_down", message: "down" },
			{ ok: false, reason: "server_down", message: "down" },
			{ ok: false, reason: "server_down", message: "still down" },
		]);
		const logged = new Array<string>();
		expect(fetchResumePoint({ client: down.fake, warn: (line) => logged.push(line), sleep: () => {} }, 1001, "lesson-a")).toBe(undefined);
		expect(logged).toEqual(["[ToolBoxAI] Cannot resume player 1001 (still down); they start the lesson from the beginning."]);
	});
});
