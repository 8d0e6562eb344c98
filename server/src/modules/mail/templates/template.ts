import type { z } from "zod";

/**
 * A mail template: Handlebars sources for the subject, the HTML and the plain-text body (the HTML is escaped, the
 * text and subject are not: they are not HTML), the data it needs (a zod schema, checked when a mail is queued), a
 * fixture the preview renders, and why a person receives it (the footer).
 * `essential` mail must arrive (resets, invitations, billing): it is sent despite suppressions, with the provider's
 * bypass, never carries an unsubscribe link and is never marketing. `notice` mail is informative: it carries
 * List-Unsubscribe, and an opted-out or suppressed address does not get it.
 */
export interface MailTemplate<S extends z.ZodType = z.ZodType> {
	readonly name: string;
	readonly category: "essential" | "notice";
	/** One line for the template list. */
	readonly description: string;
	readonly data: S;
	readonly fixture: z.input<S>;
	readonly subject: string;
	readonly html: string;
	readonly text: string;
	/** The footer's sentence: why this person receives this mail. */
	readonly reason: string;
}

export function mailTemplate<S extends z.ZodType>(template: MailTemplate<S>): MailTemplate<S> {
	return template;
}
