/**
 * Embedded mail driver: every message becomes a `mail_outbox` row, which the dashboard shows as the
 * inbox of the demo. Nothing leaves the machine.
 */
import { QueryTypes, type Sequelize } from "sequelize";
import type { MailMessage, MailSender } from "../../infrastructure.types";

export function createOutboxMailSender(db: Sequelize): MailSender {
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
			return { messageId: (rows[0] as { id: string }).id };
		},
	};
}
