import { ClassProgressPage } from "@toolboxai/shared";
import type { Request } from "express";
import type { AppModule } from "../../http/app-module";
import { AppError } from "../../http/app-error";
import { defineRoute } from "../../http/route";
import { pathId, requestTrace, userPrincipal } from "../tenancy/request-context";
import { classProgress, PROGRESS_PAGE_DEFAULT, PROGRESS_PAGE_MAX } from "./class-progress";

function pageQueryOf(req: Request): { cursor?: string; limit: number } {
	const { cursor, limit } = req.query;
	if (cursor !== undefined && typeof cursor !== "string") throw new AppError("bad_request", "Give cursor once.");
	if (limit !== undefined && (typeof limit !== "string" || !/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > PROGRESS_PAGE_MAX)) {
		throw new AppError("bad_request", `limit must be a whole number from 1 to ${PROGRESS_PAGE_MAX}.`);
	}
	return { ...(cursor === undefined || cursor === "" ? {} : { cursor }), limit: limit === undefined ? PROGRESS_PAGE_DEFAULT : Number(limit) };
}

/** Teacher views of what students did in game (issue 5). */
export const progressModule: AppModule = {
	name: "progress",
	routes: ({ infra }) => [
		defineRoute({
			method: "get",
			path: "/v1/classes/:classId/progress",
			operationId: "getClassProgress",
			summary: "A class's progress: per student, lesson and step",
			description: "Attempts, correct answers, points and time per student, lesson and step or question. A teacher sees the classes they teach; a school admin every class. Paged with ?limit= and ?cursor=.",
			tags: ["classes"],
			access: { kind: "user", permission: "progress:read" },
			response: { status: 200, body: ClassProgressPage, description: "Ordered by student, lesson and step." },
			errors: ["not_found"],
			handle: ({ req, params }) => {
				const principal = userPrincipal(req);
				return classProgress(infra.db, { tenantId: principal.tenantId, userId: principal.userId, roles: principal.roles, ...requestTrace(req) }, pathId(params.classId, "class"), pageQueryOf(req));
			},
		}),
	],
};
