import {
	MAIL_MESSAGE_STATUSES,
	MailOutboxList,
	MailPreview,
	MailQueued,
	MailRecordPage,
	MailSuppressionClearRequest,
	MailSuppressionCleared,
	MailSuppressionList,
	MailTemplateList,
	MailTestRequest,
	MailUnsubscribed,
	MailWebhookAccepted,
	SendGridEventBatch,
} from "@toolboxai/shared";
import type { AppDependencies, AppModule } from "../../http/app-module";
import { pageQuery, pageQueryParameters, queryText } from "../../http/query-params";
import { pathId, userCallerOf } from "../../http/request-context";
import { defineRoute } from "../../http/route";
import { AppError } from "../../errors/app-error";
import { listMailMessages, MAIL_PAGE_DEFAULT, MAIL_PAGE_MAX } from "./list-messages";
import { listMailOutbox } from "./list-outbox";
import { mailSendJob } from "./mail-send-job";
import type { MailStatus } from "./mail-names";
import { listMailTemplates, previewMailTemplate } from "./preview-template";
import { resendMailMessage } from "./resend-message";
import { sendTestMail } from "./send-test-mail";
import { clearMailBounce, listMailSuppressions } from "./suppressions";
import { unsubscribeFromNotices } from "./unsubscribe";
import { receiveSendGridEvents } from "./webhook/receive-events";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./webhook/verify-signature";

const MANAGE = { kind: "user", permission: "mail:manage" } as const;
/** A SendGrid batch holds up to a few thousand events of about 1 KB each. */
const WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;

function statusFilter(value: string | undefined): MailStatus | undefined {
	if (value === undefined) return undefined;
	if (!(MAIL_MESSAGE_STATUSES as ReadonlyArray<string>).includes(value)) throw new AppError("bad_request", `status must be one of ${MAIL_MESSAGE_STATUSES.join(", ")}.`);
	return value as MailStatus;
}

function header(value: string | string[] | undefined): string | undefined {
	return typeof value === "string" ? value : undefined;
}

function adminRoutes(deps: AppDependencies) {
	return [
		defineRoute({
			method: "get",
			path: "/v1/mail/messages",
			operationId: "listMailMessages",
			summary: "The school's mail, newest first, with each message's delivery status",
			tags: ["mail"],
			access: MANAGE,
			query: [
				{ name: "recipient", description: "Only mail to this address (any letter case).", schema: { type: "string", maxLength: 320 } },
				{ name: "template", description: "Only mail of this template (e.g. invitation).", schema: { type: "string", maxLength: 100 } },
				{ name: "status", description: "Only mail in this status.", schema: { type: "string", enum: MAIL_MESSAGE_STATUSES } },
				...pageQueryParameters({ defaultLimit: MAIL_PAGE_DEFAULT, maxLimit: MAIL_PAGE_MAX }),
			],
			response: { status: 200, body: MailRecordPage, description: "One page of messages." },
			errors: ["bad_request"],
			handle: ({ req }) => {
				const recipient = queryText(req, "recipient", 320);
				const template = queryText(req, "template", 100);
				const status = statusFilter(queryText(req, "status", 40));
				return listMailMessages(deps, userCallerOf(req), {
					...pageQuery(req, { defaultLimit: MAIL_PAGE_DEFAULT, maxLimit: MAIL_PAGE_MAX }),
					...(recipient === undefined ? {} : { recipient }),
					...(template === undefined ? {} : { template }),
					...(status === undefined ? {} : { status }),
				});
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/mail/messages/:messageId/resend",
			operationId: "resendMailMessage",
			summary: "Send a failed message again",
			tags: ["mail"],
			access: MANAGE,
			response: { status: 202, body: MailQueued, description: "Queued again." },
			errors: ["not_found", "conflict"],
			handle: ({ req, params }) => resendMailMessage(deps, userCallerOf(req), { messageId: pathId(params.messageId, "mail message") }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/mail/suppressions",
			operationId: "listMailSuppressions",
			summary: "Addresses this school has mailed that mail must not go to (bounces, spam reports, opt-outs)",
			tags: ["mail"],
			access: MANAGE,
			query: [{ name: "email", description: "Only this person's suppressions.", schema: { type: "string", maxLength: 320 } }],
			response: { status: 200, body: MailSuppressionList, description: "The suppressions, newest first." },
			errors: ["bad_request"],
			handle: ({ req }) => {
				const email = queryText(req, "email", 320);
				return listMailSuppressions(deps, userCallerOf(req), email === undefined ? {} : { email });
			},
		}),
		defineRoute({
			method: "post",
			path: "/v1/mail/suppressions/clear",
			operationId: "clearMailBounce",
			summary: "Clear a bounce (ours and SendGrid's) so mail goes to the address again",
			tags: ["mail"],
			access: MANAGE,
			request: { body: MailSuppressionClearRequest, example: { email: "teacher@maplegrove.example" } },
			response: { status: 200, body: MailSuppressionCleared, description: "cleared is false when there was no bounce for an address this school mailed." },
			errors: [],
			handle: ({ req, body }) => clearMailBounce(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/mail/templates",
			operationId: "listMailTemplates",
			summary: "Every mail template the service sends",
			tags: ["mail"],
			access: MANAGE,
			response: { status: 200, body: MailTemplateList, description: "The templates." },
			errors: [],
			handle: () => listMailTemplates(),
		}),
		defineRoute({
			method: "get",
			path: "/v1/mail/templates/:templateName/preview",
			operationId: "previewMailTemplate",
			summary: "A template rendered with its fixture and your school's name (subject, HTML and text)",
			tags: ["mail"],
			access: MANAGE,
			response: { status: 200, body: MailPreview, description: "The rendered mail." },
			errors: ["not_found"],
			handle: ({ req, params }) => previewMailTemplate(deps, userCallerOf(req), { name: params.templateName ?? "" }),
		}),
		defineRoute({
			method: "post",
			path: "/v1/mail/test",
			operationId: "sendTestMail",
			summary: "Send a test mail (to yourself unless another address is given) to check the mail setup",
			tags: ["mail"],
			access: MANAGE,
			request: { body: MailTestRequest, example: {} },
			response: { status: 202, body: MailQueued, description: "Queued; follow it on GET /v1/mail/messages." },
			errors: [],
			handle: ({ req, body }) => sendTestMail(deps, userCallerOf(req), body.to === undefined ? {} : { to: body.to }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/mail/outbox",
			operationId: "listMailOutbox",
			summary: "The embedded outbox: the school's mails as stored instead of sent (empty with SendGrid)",
			tags: ["mail"],
			access: MANAGE,
			response: { status: 200, body: MailOutboxList, description: "The newest 100 outbox mails." },
			errors: [],
			handle: ({ req }) => listMailOutbox(deps, userCallerOf(req)),
		}),
	];
}

function publicRoutes(deps: AppDependencies) {
	return [
		defineRoute({
			method: "post",
			path: "/v1/mail/sendgrid/events",
			operationId: "receiveSendGridEvents",
			summary: "SendGrid's signed event webhook (delivery, bounces, spam reports, unsubscribes)",
			description:
				"Signed with ECDSA over the X-Twilio-Email-Event-Webhook-Timestamp header followed by the raw body (the bytes as sent, not the parsed JSON); a missing or bad signature is 401, a timestamp more than 5 minutes off is 400, and nothing is stored. Each event counts once (sg_event_id).",
			tags: ["mail"],
			access: { kind: "public" },
			request: {
				body: SendGridEventBatch,
				example: [
					{
						email: "teacher@maplegrove.example",
						timestamp: 1796680800,
						event: "delivered",
						sg_event_id: "ZGVsaXZlcmVkLTAtMjQ2MDI3NTQtMQ",
						sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
					},
				],
				maxBytes: WEBHOOK_MAX_BYTES,
			},
			response: { status: 200, body: MailWebhookAccepted, description: "Taken (duplicates included)." },
			errors: ["unauthenticated", "bad_request"],
			handle: ({ req }) =>
				receiveSendGridEvents(deps, {
					rawBody: req.rawBody ?? Buffer.alloc(0),
					...(header(req.headers[SIGNATURE_HEADER]) === undefined ? {} : { signature: header(req.headers[SIGNATURE_HEADER]) as string }),
					...(header(req.headers[TIMESTAMP_HEADER]) === undefined ? {} : { timestamp: header(req.headers[TIMESTAMP_HEADER]) as string }),
				}),
		}),
		defineRoute<Buffer>({
			method: "post",
			path: "/v1/mail/unsubscribe",
			operationId: "unsubscribeFromMail",
			summary: "One-click unsubscribe from a notice (List-Unsubscribe-Post); essential mail is not affected",
			tags: ["mail"],
			access: { kind: "public" },
			// Not `required`: a link without its token is answered like an unknown one (404), not as a malformed request.
			query: [{ name: "token", description: "The token in the mail's unsubscribe link; absent or unknown is 404.", schema: { type: "string", maxLength: 100 } }],
			rawBody: {
				contentTypes: ["application/x-www-form-urlencoded", "text/plain"],
				maxBytes: 1024,
				description: "List-Unsubscribe=One-Click, as mail apps send it (ignored).",
			},
			response: { status: 200, body: MailUnsubscribed, description: "No more notices go to this address." },
			errors: ["not_found"],
			handle: ({ req }) => unsubscribeFromNotices(deps, { token: queryText(req, "token", 100) ?? "" }),
		}),
	];
}

export const mailModule: AppModule = {
	name: "mail",
	routes: (deps) => [...adminRoutes(deps), ...publicRoutes(deps)],
	jobs: (deps) => [mailSendJob(deps)],
};
