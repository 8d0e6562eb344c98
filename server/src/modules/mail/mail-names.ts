/** The job that sends one queued message (payload: its id and which send attempt this is). */
export const MAIL_SEND = "mail.send";

/** A message's delivery status, as the Mail page shows it. */
export const MAIL_STATUSES = ["queued", "sent", "delivered", "deferred", "bounced", "dropped", "spam_report", "unsubscribed", "suppressed", "failed"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** Addresses are compared without letter case (the part before @ is case-sensitive in theory, never in practice). */
export function normalizeAddress(address: string): string {
	return address.trim().toLowerCase();
}
