/** The provider refused this message for good (e.g. 400: a malformed address): retrying sends the same refusal. */
export class MailRejectedError extends Error {
	constructor(
		readonly reason: string,
		readonly status?: number,
	) {
		super(`The mail provider refused the message: ${reason}`);
		this.name = "MailRejectedError";
	}
}

/** The provider asked to come back later (429, 5xx, a network failure); `retryAfterMs` when it said when. */
export class MailRetryLaterError extends Error {
	constructor(
		readonly reason: string,
		readonly retryAfterMs?: number,
	) {
		super(`The mail provider asked to retry later: ${reason}`);
		this.name = "MailRetryLaterError";
	}
}
