import {
	MailOutboxList,
	MailPreview,
	MailQueued,
	MailRecordPage,
	MailSuppressionCleared,
	MailSuppressionList,
	MailTemplateList,
	MailUnsubscribed,
	type Infer,
} from "@toolboxai/shared";
import { call } from "./client";

export type MailRecordPageReply = Infer<typeof MailRecordPage>;
export type MailRecordView = MailRecordPageReply["items"][number];
export type MailSuppressionView = Infer<typeof MailSuppressionList>["items"][number];
export type MailOutboxReply = Infer<typeof MailOutboxList>;
export type MailPreviewReply = Infer<typeof MailPreview>;
export type MailTemplateView = Infer<typeof MailTemplateList>["items"][number];

export interface MailFilters {
	readonly recipient?: string;
	readonly template?: string;
	readonly status?: string;
}

function query(values: Record<string, string | undefined>): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== "") params.set(name, value);
	const text = params.toString();
	return text === "" ? "" : `?${text}`;
}

export function fetchMailMessages(filters: MailFilters, cursor?: string): Promise<MailRecordPageReply> {
	return call(MailRecordPage, "GET", `/v1/mail/messages${query({ ...filters, cursor })}`, { auth: true });
}

export async function resendMailMessage(id: string): Promise<void> {
	await call(MailQueued, "POST", `/v1/mail/messages/${encodeURIComponent(id)}/resend`, { auth: true });
}

export function fetchMailSuppressions(): Promise<Infer<typeof MailSuppressionList>> {
	return call(MailSuppressionList, "GET", "/v1/mail/suppressions", { auth: true });
}

export async function clearMailBounce(email: string): Promise<void> {
	await call(MailSuppressionCleared, "POST", "/v1/mail/suppressions/clear", { auth: true, body: { email } });
}

export function fetchMailTemplates(): Promise<Infer<typeof MailTemplateList>> {
	return call(MailTemplateList, "GET", "/v1/mail/templates", { auth: true });
}

export function fetchMailPreview(name: string): Promise<MailPreviewReply> {
	return call(MailPreview, "GET", `/v1/mail/templates/${encodeURIComponent(name)}/preview`, { auth: true });
}

export async function sendTestMail(): Promise<void> {
	await call(MailQueued, "POST", "/v1/mail/test", { auth: true, body: {} });
}

export function fetchMailOutbox(): Promise<MailOutboxReply> {
	return call(MailOutboxList, "GET", "/v1/mail/outbox", { auth: true });
}

export async function unsubscribeFromNotices(token: string): Promise<void> {
	await call(MailUnsubscribed, "POST", `/v1/mail/unsubscribe?token=${encodeURIComponent(token)}`);
}
