import { ActiveLessons, ClassJoined, ClassJoinRequest, ProgressBatchEnvelope, ProgressBatchResult, RuntimeWhoAmI, StudentProgress, type Infer } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { notFound } from "../../errors/app-error";
import { apiKeyCallerOf } from "../../http/request-context";
import { defineRoute, writtenByHandler } from "../../http/route";
import { runtimeWhoAmI } from "../apikeys";
import { joinClass } from "../classes";
import { activeLessons } from "../lessons";
import { ingestProgress, studentProgress } from "../progress";

const batchExample = {
	batchId: "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34",
	events: [{ kind: "lesson_started", eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e", robloxUserId: 1234567, lessonId: "fractions-1", occurredAt: "2026-11-25T13:09:16.123Z" }],
} as Infer<typeof ProgressBatchEnvelope>;

/** A Roblox UserId in a path: a positive whole number JSON can hold exactly; anything else names nobody (404). */
function robloxUserIdOf(value: string | undefined): number {
	if (value === undefined || !/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) throw notFound("student");
	return Number(value);
}

/**
 * What game servers call with their API key: the key's own identity, class join, lesson content, progress ingestion
 * and the resume point. Only the URLs live here; each handler runs in the domain that owns the work (apikeys,
 * classes, lessons, progress).
 */
export const runtimeModule: AppModule = {
	name: "runtime",
	routes: (deps) => [
		defineRoute({
			method: "get",
			path: "/v1/runtime/whoami",
			operationId: "getRuntimeWhoAmI",
			summary: "Which school and scopes the calling game server's key has",
			description: "For game servers: send the key as `X-Api-Key` (or `Authorization: Bearer tbx_…`). Proves a key works.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "runtime:read" },
			response: { status: 200, body: RuntimeWhoAmI, description: "The key's school, id and scopes." },
			errors: ["rate_limited"],
			handle: ({ req }) => runtimeWhoAmI(apiKeyCallerOf(req)),
		}),
		defineRoute({
			method: "post",
			path: "/v1/runtime/classes/join",
			operationId: "joinClassFromGame",
			summary: "A player joins a class with the code their teacher gave",
			description:
				"Links the Roblox user to a student of the key's school (no email, no real name) and puts them on the class's roster. Joining again answers 200 with alreadyMember true.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "classes:join" },
			request: { body: ClassJoinRequest, example: { joinCode: "HKM7RTX", robloxUserId: 1234567, displayName: "BlockBuilder42" } },
			response: { status: 200, body: ClassJoined, description: "The class joined and the student's id." },
			errors: ["not_found", "rate_limited"],
			handle: ({ req, body }) => joinClass(deps, apiKeyCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/runtime/lessons/active",
			operationId: "getActiveLessons",
			summary: "The lesson content the school's classes are assigned",
			description:
				"Each student plays the versions assigned to their own class. Sends a strong ETag (it changes with content and assignments); send it back as If-None-Match for a 304 when nothing changed.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "runtime:read" },
			response: {
				status: 200,
				body: ActiveLessons,
				description: "Every lesson version assigned to a class that is not archived, each naming the classes it is assigned to and its place in each class's order.",
			},
			errors: ["rate_limited"],
			handle: async ({ req, res }) => {
				const { json, etag, notModified } = await activeLessons(deps, apiKeyCallerOf(req), { ifNoneMatch: req.get("If-None-Match") });
				res.setHeader("ETag", etag);
				res.setHeader("Cache-Control", "no-cache");
				// The bytes kept for this school's content, as they are: no serializing per poll.
				if (notModified) res.status(304).end();
				else res.status(200).type("application/json").send(json);
				return writtenByHandler();
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/runtime/progress/batches",
			operationId: "ingestProgressBatch",
			summary: "Store a batch of progress events from a game server",
			description:
				"Idempotent by event id: resending a batch (or overlapping batches) never counts an event twice. Each event is checked on its own: invalid ones are reported by index, the valid ones are stored.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "progress:write" },
			request: { body: ProgressBatchEnvelope, example: batchExample },
			response: { status: 200, body: ProgressBatchResult, description: "How many events were stored, already known, or rejected (by index)." },
			errors: ["rate_limited"],
			handle: ({ req, body }) => ingestProgress(deps, apiKeyCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/runtime/students/:robloxUserId/progress",
			operationId: "getStudentProgressForGame",
			summary: "Where a returning student resumes",
			description:
				"For the game server a student (re)joins: per active lesson, the steps done and the best points per question, so the lesson continues after the last step done and no question is scored twice. Includes every event the service has stored for the student. 404 when no student of the key's school has this Roblox UserId.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "runtime:read" },
			response: { status: 200, body: StudentProgress, description: "The student's progress in the school's active lessons." },
			errors: ["not_found", "rate_limited"],
			handle: ({ req, params }) => studentProgress(deps, apiKeyCallerOf(req), { robloxUserId: robloxUserIdOf(params.robloxUserId) }),
		}),
	],
};
