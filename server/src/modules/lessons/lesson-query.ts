import { LESSON_STATUSES, type LessonStatus } from "@toolboxai/shared";
import type { Request } from "express";
import { AppError } from "../../http/app-error";
import { pageQuery, queryText } from "../../http/query-params";
import type { LessonQuery } from "./list-lessons";
import { LESSON_PAGE_DEFAULT, LESSON_PAGE_MAX } from "./list-lessons";

/** GET /v1/lessons filters: status, subject, owner=me, q (title contains), cursor, limit. */
export function lessonQueryOf(req: Request, userId: string): LessonQuery {
	const status = queryText(req, "status");
	if (status !== undefined && !(LESSON_STATUSES as ReadonlyArray<string>).includes(status)) {
		throw new AppError("bad_request", `status must be one of ${LESSON_STATUSES.join(", ")}.`);
	}
	const owner = queryText(req, "owner");
	if (owner !== undefined && owner !== "me") throw new AppError("bad_request", "owner can only be me.");
	const subject = queryText(req, "subject", 60);
	const q = queryText(req, "q", 120);
	return {
		...(status === undefined ? {} : { status: status as LessonStatus }),
		...(subject === undefined ? {} : { subject }),
		...(owner === undefined ? {} : { ownerUserId: userId }),
		...(q === undefined ? {} : { q }),
		...pageQuery(req, { defaultLimit: LESSON_PAGE_DEFAULT, maxLimit: LESSON_PAGE_MAX }),
	};
}
