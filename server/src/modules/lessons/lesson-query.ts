import { LESSON_STATUSES, type LessonStatus } from "@toolboxai/shared";
import type { Request } from "express";
import { AppError } from "../../http/app-error";
import type { LessonQuery } from "./list-lessons";
import { LESSON_PAGE_DEFAULT, LESSON_PAGE_MAX } from "./list-lessons";

/** A query parameter given at most once, as text (undefined when absent or empty). */
export function queryText(req: Request, name: string, maxLength = 200): string | undefined {
	const value = req.query[name];
	if (value === undefined || value === "") return undefined;
	if (typeof value !== "string") throw new AppError("bad_request", `Give ${name} once.`);
	if (value.length > maxLength) throw new AppError("bad_request", `${name} is longer than ${maxLength} characters.`);
	return value;
}

/** GET /v1/lessons filters: status, subject, owner=me, q (title contains), cursor, limit. */
export function lessonQueryOf(req: Request, userId: string): LessonQuery {
	const status = queryText(req, "status");
	if (status !== undefined && !(LESSON_STATUSES as ReadonlyArray<string>).includes(status)) {
		throw new AppError("bad_request", `status must be one of ${LESSON_STATUSES.join(", ")}.`);
	}
	const owner = queryText(req, "owner");
	if (owner !== undefined && owner !== "me") throw new AppError("bad_request", "owner can only be me.");
	const limit = queryText(req, "limit");
	if (limit !== undefined && (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > LESSON_PAGE_MAX)) {
		throw new AppError("bad_request", `limit must be a whole number from 1 to ${LESSON_PAGE_MAX}.`);
	}
	const subject = queryText(req, "subject", 60);
	const q = queryText(req, "q", 120);
	const cursor = queryText(req, "cursor", 512);
	return {
		...(status === undefined ? {} : { status: status as LessonStatus }),
		...(subject === undefined ? {} : { subject }),
		...(owner === undefined ? {} : { ownerUserId: userId }),
		...(q === undefined ? {} : { q }),
		...(cursor === undefined ? {} : { cursor }),
		limit: limit === undefined ? LESSON_PAGE_DEFAULT : Number(limit),
	};
}
