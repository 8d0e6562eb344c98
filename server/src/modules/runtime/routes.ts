import { ActiveLessons, ClassJoined, ClassJoinRequest, ProgressBatchEnvelope, ProgressBatchResult, type Infer } from "@toolboxai/shared";
import type { Request } from "express";
import type { AppModule } from "../../http/app-module";
import { AppError } from "../../http/app-error";
import { defineRoute } from "../../http/route";
import type { ApiKeyPrincipal } from "../apikeys/authenticate-api-key";
import { activeLessons, etagMatches } from "./active-lessons";
import { aggregationTrigger } from "../progress/aggregation-job";
import { ingestProgress } from "./ingest-progress";
import { joinClass } from "./join-class";

function keyPrincipal(req: Request): ApiKeyPrincipal {
	const principal = req.principal;
	if (principal?.kind !== "api_key") throw new AppError("unauthenticated", "This operation needs an API key.");
	return principal;
}

const batchExample = {
	batchId: "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34",
	events: [{ kind: "lesson_started", eventId: "6a1f0e2d-3c4b-4a59-8e7d-1f2a3b4c5d6e", robloxUserId: 1234567, lessonId: "fractions-1", occurredAt: "2026-11-25T13:09:16.123Z" }],
} as Infer<typeof ProgressBatchEnvelope>;

/** What game servers call with their API key (issue 5): class join, lesson content, progress ingestion. */
export const runtimeModule: AppModule = {
	name: "runtime",
	routes: ({ infra, logger }) => [
		defineRoute({
			method: "post",
			path: "/v1/runtime/classes/join",
			operationId: "joinClassFromGame",
			summary: "A player joins a class with the code their teacher gave",
			description: "Links the Roblox user to a student of the key's school (no email, no real name) and puts them on the class's roster. Joining again answers 200 with alreadyMember true.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "classes:join" },
			request: { body: ClassJoinRequest, example: { joinCode: "HKM7RTX", robloxUserId: 1234567, displayName: "BlockBuilder42" } },
			response: { status: 200, body: ClassJoined, description: "The class joined and the student's id." },
			errors: ["not_found", "rate_limited"],
			handle: ({ req, body }) => joinClass(infra.db, keyPrincipal(req), { ...body, ...(typeof req.id === "string" ? { requestId: req.id } : {}) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/runtime/lessons/active",
			operationId: "getActiveLessons",
			summary: "The lesson content the school's classes are assigned",
			description: "Sends a strong ETag; send it back as If-None-Match for a 304 when nothing changed.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "runtime:read" },
			response: { status: 200, body: ActiveLessons, description: "Every lesson version assigned to a class that is not archived." },
			errors: ["rate_limited"],
			handle: async ({ req, res }) => {
				const { body, etag } = await activeLessons(infra.db, keyPrincipal(req).tenantId);
				res.setHeader("ETag", etag);
				res.setHeader("Cache-Control", "no-cache");
				if (etagMatches(req.get("If-None-Match"), etag)) {
					res.status(304).end();
					return body;
				}
				return body;
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/runtime/progress/batches",
			operationId: "ingestProgressBatch",
			summary: "Store a batch of progress events from a game server",
			description: "Idempotent by event id: resending a batch (or overlapping batches) never counts an event twice. Each event is checked on its own: invalid ones are reported by index, the valid ones are stored.",
			tags: ["runtime"],
			access: { kind: "api_key", scope: "progress:write" },
			request: { body: ProgressBatchEnvelope, example: batchExample },
			response: { status: 200, body: ProgressBatchResult, description: "How many events were stored, already known, or rejected (by index)." },
			errors: ["rate_limited"],
			handle: ({ req, body }) => ingestProgress(infra.db, keyPrincipal(req), body, aggregationTrigger(infra.queue, logger)),
		}),
	],
};
