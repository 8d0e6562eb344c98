import { ApiError, describeError } from "../../api/errors";

/** A refusal on the people pages in plain words (the service's own message when it says what to do). */
export function peopleError(caught: unknown): string {
	if (caught instanceof ApiError && caught.status === 403) return "Only school administrators can manage people.";
	return describeError(caught);
}
