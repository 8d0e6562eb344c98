import { ApiError, describeError } from "../../api/errors";

/** Plain words for a refusal on the Lessons pages. */
export function lessonError(caught: unknown): string {
	if (caught instanceof ApiError && caught.status === 404) return "This lesson, version or class does not exist, or it is not one of yours.";
	if (caught instanceof ApiError && caught.status === 403) return caught.message || "Only the lesson's owner or a school administrator can change this lesson.";
	return describeError(caught);
}
