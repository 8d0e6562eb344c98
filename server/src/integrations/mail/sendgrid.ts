/**
 * The SendGrid driver, on the official `@sendgrid/mail` (and its `@sendgrid/client` for the suppression API). Each
 * driver owns its own client instance, so settings never leak between two drivers in one process (tests).
 */
import { Client } from "@sendgrid/client";
import { MailService } from "@sendgrid/mail";
import type { MailMessage, MailSender } from "../../infrastructure.types";
import { MailRejectedError, MailRetryLaterError } from "./errors";

export interface SendGridSettings {
	readonly apiKey: string;
	/** `Name <address>` or an address: a sender SendGrid has verified. */
	readonly from: string;
	/** "eu" sends through api.eu.sendgrid.com (EU data residency subusers). */
	readonly region: "global" | "eu";
	/** SendGrid validates the request and delivers nothing (no events either). */
	readonly sandbox: boolean;
	/** Overrides the API's address (tests point it at a local fake). */
	readonly baseUrl?: string;
}

/** When SendGrid sends no rate-limit reset: retry a 429 after a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export function createSendGridMailSender(settings: SendGridSettings): MailSender {
	const client = new Client();
	client.setApiKey(settings.apiKey);
	if (settings.region === "eu") client.setDataResidency("eu");
	if (settings.baseUrl !== undefined) client.setDefaultRequest("baseUrl", settings.baseUrl);
	const mail = new MailService();
	mail.setClient(client);
	return {
		driver: "sendgrid",
		async send(message: MailMessage) {
			try {
				const [response] = await mail.send({
					to: message.to,
					from: settings.from,
					subject: message.subject,
					text: message.text,
					...(message.html === undefined ? {} : { html: message.html }),
					...(message.headers === undefined ? {} : { headers: { ...message.headers } }),
					...(message.customArgs === undefined ? {} : { customArgs: { ...message.customArgs } }),
					...(message.template === undefined ? {} : { categories: [message.template] }),
					mailSettings: {
						...(settings.sandbox ? { sandboxMode: { enable: true } } : {}),
						...(message.bypassSuppressions === true ? { bypassListManagement: { enable: true } } : {}),
					},
				});
				const id = headerOf(response.headers as Record<string, unknown>, "x-message-id");
				// Sandbox mode answers 200 without an id: the message still has to be told apart.
				return { messageId: id ?? `sandbox-${Date.now().toString(36)}` };
			} catch (error) {
				throw classify(error);
			}
		},
		async clearBounce(email: string) {
			try {
				await client.request({ method: "DELETE", url: `/v3/suppression/bounces/${encodeURIComponent(email)}` });
			} catch (error) {
				// Not on SendGrid's list: nothing to clear.
				if (statusOf(error) === 404) return;
				throw classify(error);
			}
		},
	};
}

/** SendGrid's answer as one of our two mail errors: 429 and 5xx come back later (at the reset it names), other 4xx never. */
function classify(error: unknown): Error {
	const status = statusOf(error);
	if (status === undefined) return new MailRetryLaterError(error instanceof Error ? error.message : String(error));
	const response = (error as { response?: { headers?: Record<string, unknown>; body?: unknown } }).response;
	const reason = `${status} ${reasonOf(response?.body)}`.trim();
	if (status === 429) {
		const reset = Number(headerOf(response?.headers ?? {}, "x-ratelimit-reset"));
		const waitMs = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : DEFAULT_RATE_LIMIT_WAIT_MS;
		return new MailRetryLaterError(reason, waitMs);
	}
	if (status >= 500) return new MailRetryLaterError(reason);
	return new MailRejectedError(reason, status);
}

function statusOf(error: unknown): number | undefined {
	const code = (error as { code?: unknown } | undefined)?.code;
	return typeof code === "number" ? code : undefined;
}

/** The messages of SendGrid's `{errors: [{message, field}]}` body, shortened for the message's record. */
function reasonOf(body: unknown): string {
	const errors = (body as { errors?: Array<{ message?: unknown; field?: unknown }> } | undefined)?.errors;
	if (!Array.isArray(errors)) return "";
	return errors
		.map((e) => [typeof e.field === "string" ? e.field : undefined, typeof e.message === "string" ? e.message : undefined].filter(Boolean).join(": "))
		.join("; ")
		.slice(0, 900);
}

function headerOf(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return typeof value[0] === "string" ? value[0] : undefined;
	return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}
