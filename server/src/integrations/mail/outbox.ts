/**
 * Embedded mail driver: every message becomes a `mail_outbox` row, which the dashboard shows as the
 * inbox of the demo. Nothing leaves the machine.
 */
import type { Logger } from "pino";
import { QueryTypes, type Sequelize } from "sequelize";
import type { MailMessage, MailSender } from "../../infrastructure.types";

export interface OutboxOptions {
	/**
	 * Outside production: each mail's recipient, subject and links are also logged here, so a newcomer on the
	 * embedded default can follow a sign-up or reset link with no mail server (those mails belong to no school
	 * yet, so no dashboard page can show them). Never in production: the links are bearer secrets.
	 */
	readonly printTo?: Logger;
}

/** The web addresses in a mail's text, once each, in order (a sentence's closing punctuation is not part of one). */
export function linksIn(text: string): string[] {
	return [...new Set((text.match(/https?:\/\/[^\s<>"']+/g) ?? []).map((link) => link.replace(/[.,;:!?)]+$/, "")))];
}

export function createOutboxMailSender(db: Sequelize, options: OutboxOptions = {}): MailSender {
	return {
		driver: "outbox",
		async send(message: MailMessage) {
			// SELECT type: Sequelize then returns the RETURNING rows as plain objects.
			const rows = await db.query<{ id: string }>(
				`INSERT INTO mail_outbox (to_address, subject, text_body, html_body, template)
				 VALUES (:to, :subject, :text, :html, :template) RETURNING id`,
				{
					type: QueryTypes.SELECT,
					replacements: {
						to: message.to,
						subject: message.subject,
						text: message.text,
						html: message.html ?? null,
						template: message.template ?? null,
					},
				},
			);
			const messageId = (rows[0] as { id: string }).id;
			if (options.printTo !== undefined) {
				const links = linksIn(message.text);
				options.printTo.info({ messageId, to: message.to, subject: message.subject, links }, [`mail to ${message.to}: "${message.subject}"`, ...links].join(" "));
			}
			return { messageId };
		},
	};
}
