import { LESSON_STATUSES, type LessonStatus } from "@toolboxai/shared";
import { AppError } from "../../errors/app-error";
import type { LessonFilters } from "./list-lessons";

/** One query-string parameter as text (undefined when absent), at most maxLength long: the route reads it from the request. */
export type QueryParamReader = (name: string, maxLength?: number) => string | undefined;

/** GET /v1/lessons filters: status, owner=me, subject, gradeBand, q (title contains); anything else is 400 with plain words. */
export function lessonFiltersOf(read: QueryParamReader): LessonFilters {
	const status = read("status");
	if (status !== undefined && !(LESSON_STATUSES as ReadonlyArray<string>).includes(status)) {
		throw new AppError("bad_request", `status must be one of ${LESSON_STATUSES.join(", ")}.`);
	}
	const owner = read("owner");
	if (owner !== undefined && owner !== "me") throw new AppError("bad_request", "owner can only be me.");
	const subject = read("subject", 60);
	const gradeBand = read("gradeBand", 20);
	const q = read("q", 120);
	return {
		...(status === undefined ? {} : { status: status as LessonStatus }),
		...(subject === undefined ? {} : { subject }),
		...(gradeBand === undefined ? {} : { gradeBand }),
		...(owner === undefined ? {} : { mine: true }),
		...(q === undefined ? {} : { q }),
	};
}
