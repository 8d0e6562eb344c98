import { z } from "zod";
import type { JobDefinition, MailMessage, MailSender } from "../../infrastructure.types";
import { payloadParser } from "../payload";

export const MAIL_SEND = "mail.send";

const schema = z.object({
	to: z.email().max(320),
	subject: z.string().min(1).max(998),
	text: z.string().max(1_000_000),
	html: z.string().max(2_000_000).optional(),
	template: z.string().max(200).optional(),
});

/** Sends one email through whichever MailSender is configured; retried on provider errors. */
export function mailSendJob(mail: MailSender): JobDefinition<MailMessage> {
	return {
		name: MAIL_SEND,
		version: 1,
		parse: payloadParser(MAIL_SEND, schema),
		attempts: 6,
		backoffMs: 5_000,
		async handle(message, { logger }) {
			const { messageId } = await mail.send(message);
			logger.info({ messageId, driver: mail.driver }, "mail sent");
		},
	};
}
