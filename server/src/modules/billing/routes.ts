import { BillingInvoiceList, ClassJoinStatus, BillingOverview, BillingRedirect, BillingSettingsUpdate, StripeWebhookEvent, StripeWebhookReceived } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { userCallerOf } from "../../http/request-context";
import { defineRoute } from "../../http/route";
import { billingSweepJob, startBillingSweeper } from "./dunning/billing-sweep";
import { getBillingOverview } from "./get-billing-overview";
import { getJoinStatus } from "./get-join-status";
import { listInvoices } from "./list-invoices";
import { openPortal } from "./open-portal";
import { resumeSubscription } from "./resume-subscription";
import { startCheckout } from "./start-checkout";
import { pushSeatsJob } from "./sync/push-seats-job";
import { syncAccountJob } from "./sync/sync-job";
import { updateBillingSettings } from "./update-billing-settings";
import { receiveStripeWebhook } from "./webhook/receive-stripe-webhook";

/** Stripe's events are small; a body past this is not Stripe. */
const WEBHOOK_MAX_BYTES = 512 * 1024;

/** A school's subscription by student seats (Stripe), the page its admins manage it on, and Stripe's webhook. */
export const billingModule: AppModule = {
	name: "billing",
	routes: (deps) => [
		defineRoute({
			method: "get",
			path: "/v1/billing",
			operationId: "getBilling",
			summary: "The school's billing: standing, trial, seats, how it pays",
			description: "enabled is false when billing is off on this service (no Stripe key): the school is then unrestricted.",
			tags: ["billing"],
			access: { kind: "user", permission: "billing:manage" },
			response: { status: 200, body: BillingOverview, description: "The school's billing." },
			errors: [],
			handle: ({ req }) => getBillingOverview(deps, userCallerOf(req), {}),
		}),
		defineRoute({
			method: "patch",
			path: "/v1/billing",
			operationId: "updateBillingSettings",
			summary: "Change the school's billing choices",
			description: "Add seats automatically, billing contacts, card or invoice (with net days), PO number, tax id and exemption.",
			tags: ["billing"],
			access: { kind: "user", permission: "billing:manage" },
			request: { body: BillingSettingsUpdate, example: { autoAddSeats: true, contacts: ["bursar@school.example.org"] } },
			response: { status: 200, body: BillingOverview, description: "The school's billing as it is now." },
			errors: ["upstream_failed"],
			handle: ({ req, body }) => updateBillingSettings(deps, userCallerOf(req), body),
		}),
		defineRoute({
			method: "get",
			path: "/v1/billing/join-status",
			operationId: "getClassJoinStatus",
			summary: "Whether new students can join the school's classes now",
			description: "For teachers (classes:read): the reason joins are refused, in plain words, and nothing else of billing.",
			tags: ["billing"],
			access: { kind: "user", permission: "classes:read" },
			response: { status: 200, body: ClassJoinStatus, description: "Open, or why not." },
			errors: [],
			handle: ({ req }) => getJoinStatus(deps, userCallerOf(req), {}),
		}),
		defineRoute({
			method: "get",
			path: "/v1/billing/invoices",
			operationId: "listBillingInvoices",
			summary: "The school's invoices, newest first",
			tags: ["billing"],
			access: { kind: "user", permission: "billing:manage" },
			response: { status: 200, body: BillingInvoiceList, description: "Up to 24 invoices with their hosted page and PDF." },
			errors: ["upstream_failed"],
			handle: ({ req }) => listInvoices(deps, userCallerOf(req), {}),
		}),
		defineRoute({
			method: "post",
			path: "/v1/billing/checkout",
			operationId: "startBillingCheckout",
			summary: "Subscribe: a Stripe Checkout page (or the Portal when already subscribed)",
			description: "Paying by invoice starts the subscription directly (Stripe emails the invoices) and answers the Portal.",
			tags: ["billing"],
			access: { kind: "user", permission: "billing:manage" },
			response: { status: 200, body: BillingRedirect, description: "Where to send the browser." },
			errors: ["conflict", "upstream_failed"],
			handle: ({ req }) => startCheckout(deps, userCallerOf(req), {}),
		}),
		defineRoute({
			method: "post",
			path: "/v1/billing/portal",
			operationId: "openBillingPortal",
			summary: "Stripe's Customer Portal: seats, payment method, cancel, invoices",
			tags: ["billing"],
			access: { kind: "user", permission: "billing:manage" },
			response: { status: 200, body: BillingRedirect, description: "Where to send the browser (short-lived)." },
			errors: ["conflict", "upstream_failed"],
			handle: ({ req }) => openPortal(deps, userCallerOf(req), {}),
		}),
		defineRoute({
			method: "post",
			path: "/v1/billing/resume",
			operationId: "resumeBillingSubscription",
			summary: "Undo a cancellation at the period's end",
			tags: ["billing"],
			access: { kind: "user", permission: "billing:manage" },
			response: { status: 200, body: BillingOverview, description: "The school's billing as it is now." },
			errors: ["conflict", "upstream_failed"],
			handle: ({ req }) => resumeSubscription(deps, userCallerOf(req), {}),
		}),
		defineRoute({
			method: "post",
			path: "/v1/billing/stripe/webhook",
			operationId: "receiveStripeWebhook",
			summary: "Stripe's webhook",
			description:
				"Signed with Stripe-Signature over the raw body (300 s tolerance; each of STRIPE_WEBHOOK_SECRET's secrets is tried). Each event id is taken once; a duplicate or an event type the service does not use answers 200 and changes nothing.",
			tags: ["billing"],
			access: { kind: "public" },
			// The JSON is only checked to be an object; the signature is checked over the exact bytes received (req.rawBody).
			request: { body: StripeWebhookEvent, example: StripeWebhookEvent.example as StripeWebhookEvent, maxBytes: WEBHOOK_MAX_BYTES },
			response: { status: 200, body: StripeWebhookReceived, description: "Taken (or a duplicate, or ignored)." },
			errors: ["bad_request"],
			handle: ({ req }) => receiveStripeWebhook(deps, { payload: req.rawBody ?? Buffer.alloc(0), signature: req.get("stripe-signature") }),
		}),
	],
	jobs: (deps) => [syncAccountJob(deps), pushSeatsJob(deps), billingSweepJob(deps)],
	start: (deps) => startBillingSweeper(deps),
};
