import { ApiError, describeError } from "../../api/errors";

/** Plain words for a refusal on the Classes pages (students may not manage classes). */
export function classError(caught: unknown): string {
	if (caught instanceof ApiError && caught.status === 403) return "Only teachers and school administrators can manage classes.";
	if (caught instanceof ApiError && caught.status === 404) return "This class does not exist, or it is not one of yours.";
	return describeError(caught);
}
