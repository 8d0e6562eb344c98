import { s } from "../schema/build";
import type { Infer } from "../schema/types";

const Id = s.string({ format: "uuid" });
const Timestamp = s.string({ format: "date-time" });

/** Where a message is: queued by us, then what the provider reported (sendgrid events), or why it never left. */
export const MAIL_MESSAGE_STATUSES = ["queued", "sent", "delivered", "deferred", "bounced", "dropped", "spam_report", "unsubscribed", "suppressed", "failed"] as const;
export type MailMessageStatus = (typeof MAIL_MESSAGE_STATUSES)[number];
export const MailMessageStatusSchema = s.enumOf(MAIL_MESSAGE_STATUSES);

export const MailCategorySchema = s.enumOf(["essential", "notice"] as const, {
	description: "essential: must arrive (sent despite suppressions, no unsubscribe); notice: honours opt-outs and carries List-Unsubscribe.",
});

export const MailRecord = s.object({
	id: Id,
	to: s.string({ maxLength: 320 }),
	template: s.string({ maxLength: 100 }),
	category: MailCategorySchema,
	status: MailMessageStatusSchema,
	driver: s.optional(s.enumOf(["outbox", "sendgrid"] as const)),
	providerMessageId: s.optional(s.string({ maxLength: 200 })),
	failureReason: s.optional(s.string({ maxLength: 1000, description: "Why it failed or was not sent (e.g. the provider's refusal)." })),
	sendAttempts: s.integer({ minimum: 0 }),
	createdAt: Timestamp,
	sentAt: s.optional(Timestamp),
	statusAt: Timestamp,
});
export type MailRecord = Infer<typeof MailRecord>;

export const MailRecordPage = s.object({
	items: s.array(MailRecord, { maxItems: 200 }),
	nextCursor: s.optional(s.string({ maxLength: 256, description: "Pass as ?cursor= for the next (older) page." })),
});

export const MailSuppression = s.object({
	email: s.string({ maxLength: 320 }),
	reason: s.enumOf(["bounce", "spam_report", "unsubscribe"] as const),
	source: s.enumOf(["provider", "recipient"] as const, { description: "provider: a SendGrid event; recipient: the person's own unsubscribe." }),
	detail: s.optional(s.string({ maxLength: 1000 })),
	clearable: s.boolean({ description: "Only a bounce can be cleared by an admin: opt-outs and spam reports are the person's choice." }),
	createdAt: Timestamp,
});
export const MailSuppressionList = s.object({ items: s.array(MailSuppression, { maxItems: 500 }) });

export const MailSuppressionClearRequest = s.object(
	{ email: s.string({ format: "email", maxLength: 254 }) },
	{ description: "Clears a bounce for this address, ours and SendGrid's.", example: { email: "teacher@maplegrove.example" } },
);
export const MailSuppressionCleared = s.object({ email: s.string({ maxLength: 320 }), cleared: s.boolean() });

export const MailTemplateSummary = s.object({
	name: s.string({ maxLength: 100 }),
	category: MailCategorySchema,
	description: s.string({ maxLength: 300 }),
});
export const MailTemplateList = s.object({ items: s.array(MailTemplateSummary, { maxItems: 100 }) });

export const MailPreview = s.object({
	name: s.string({ maxLength: 100 }),
	category: MailCategorySchema,
	subject: s.string({ maxLength: 998 }),
	html: s.string({ maxLength: 200_000 }),
	text: s.string({ maxLength: 100_000 }),
});

export const MailTestRequest = s.object({ to: s.optional(s.string({ format: "email", maxLength: 254, description: "Defaults to the caller's own address." })) }, { example: {} });
export const MailQueued = s.object({ messageId: Id, status: MailMessageStatusSchema });

export const MailOutboxEntry = s.object({
	id: Id,
	messageId: Id,
	to: s.string({ maxLength: 320 }),
	subject: s.string({ maxLength: 998 }),
	text: s.string({ maxLength: 100_000 }),
	template: s.optional(s.string({ maxLength: 100 })),
	createdAt: Timestamp,
});
export const MailOutboxList = s.object({
	driver: s.enumOf(["outbox", "sendgrid"] as const),
	items: s.array(MailOutboxEntry, { maxItems: 100 }),
});

export const MailWebhookAccepted = s.object({
	received: s.integer({ minimum: 0, description: "Events in the batch." }),
	applied: s.integer({ minimum: 0, description: "Events not seen before (a redelivered event counts once)." }),
});

export const MailUnsubscribed = s.object({ status: s.literal("unsubscribed") });

/** SendGrid posts events in batches: the fields vary by event type, so each is read (and checked) by the service. */
export const SendGridEventBatch = s.array(s.unknown({ description: "One SendGrid event: email, timestamp, event, sg_event_id, sg_message_id and per-type fields." }), {
	minItems: 0,
	maxItems: 10_000,
});
