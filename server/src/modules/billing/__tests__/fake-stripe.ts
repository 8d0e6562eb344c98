/**
 * A small stateful fake of the parts of Stripe's API the service uses (customers, subscriptions and their items,
 * invoices, Checkout and Portal sessions), for lifecycle and fault tests: stripe-mock checks call shapes but keeps
 * no state and sends no events. Objects follow the pinned API version's shapes (periods on the item, the invoice's
 * subscription under parent.subscription_details). State changes return the events Stripe would send; the test
 * delivers them (signed) in whatever order it likes. `failNext` makes the next requests answer 429 or 5xx.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

type Json = Record<string, unknown>;

interface Sub {
	id: string;
	customer: string;
	status: string;
	quantity: number;
	itemId: string;
	cancelAtPeriodEnd: boolean;
	collectionMethod: "charge_automatically" | "send_invoice";
	daysUntilDue: number | null;
	latestInvoice: string | null;
	metadata: Record<string, string>;
	created: number;
	periodEnd: number;
}

interface Inv {
	id: string;
	customer: string;
	subscription: string;
	status: "draft" | "open" | "paid" | "uncollectible" | "void";
	attemptCount: number;
	amountDue: number;
	collectionMethod: string;
	created: number;
	metadata: Record<string, string>;
}

export interface StripeEvent {
	readonly id: string;
	readonly type: string;
	readonly [key: string]: unknown;
}

const now = () => Math.floor(Date.now() / 1000);

export class FakeStripe {
	readonly customers = new Map<string, Json>();
	readonly subscriptions = new Map<string, Sub>();
	readonly invoices = new Map<string, Inv>();
	readonly sessions = new Map<string, { id: string; customer: string; tenantId: string; quantity: number; url: string }>();
	readonly portalSessions: string[] = [];
	readonly requests: string[] = [];
	private faults: number[] = [];
	private seq = 0;
	/** Ids differ between runs: job ids derived from them (event/evt_…) must not meet a finished job of an earlier run on a shared Redis. */
	private readonly run = randomBytes(4).toString("hex");
	private server?: Server;
	url = "";

	async start(): Promise<void> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	stop(): Promise<void> {
		return new Promise((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
	}

	get faultsLeft(): number {
		return this.faults.length;
	}

	/** The next `times` requests answer this status (429 rate limited, 500/503 Stripe trouble). */
	failNext(status: number, times: number): void {
		this.faults.push(...Array.from({ length: times }, () => status));
	}

	// ---- what happens at Stripe (each returns the events Stripe would send) ----

	/** The customer pays in Checkout: an active subscription with a paid first invoice. */
	completeCheckout(sessionId: string, quantity?: number): StripeEvent[] {
		const session = this.sessions.get(sessionId);
		if (session === undefined) throw new Error(`no session ${sessionId}`);
		const sub = this.makeSubscription(session.customer, quantity ?? session.quantity, { tenantId: session.tenantId }, "charge_automatically", null);
		const invoice = this.makeInvoice(sub, "paid", 1);
		return [
			this.event("checkout.session.completed", {
				id: session.id,
				object: "checkout.session",
				client_reference_id: session.tenantId,
				customer: session.customer,
				subscription: sub.id,
				mode: "subscription",
				status: "complete",
			}),
			this.event("customer.subscription.created", this.subscriptionJson(sub)),
			this.event("invoice.paid", this.invoiceJson(invoice)),
		];
	}

	/** A renewal payment fails: a new open invoice with one attempt, the subscription past_due. */
	failRenewal(subscriptionId: string): StripeEvent[] {
		const sub = this.sub(subscriptionId);
		const invoice = this.makeInvoice(sub, "open", 1);
		sub.status = "past_due";
		return [this.event("invoice.payment_failed", this.invoiceJson(invoice)), this.event("customer.subscription.updated", this.subscriptionJson(sub))];
	}

	/** The latest invoice gets paid (a retry succeeded or the card was updated): active again. */
	payLatest(subscriptionId: string): StripeEvent[] {
		const sub = this.sub(subscriptionId);
		const invoice = this.invoices.get(sub.latestInvoice ?? "");
		if (invoice === undefined) throw new Error("no invoice");
		invoice.status = "paid";
		sub.status = "active";
		return [this.event("invoice.paid", this.invoiceJson(invoice)), this.event("customer.subscription.updated", this.subscriptionJson(sub))];
	}

	/** The customer cancels in the Portal at the period's end: still active, ending then. */
	cancelAtPeriodEnd(subscriptionId: string): StripeEvent[] {
		const sub = this.sub(subscriptionId);
		sub.cancelAtPeriodEnd = true;
		return [this.event("customer.subscription.updated", this.subscriptionJson(sub))];
	}

	/** The subscription ends (canceled at once, or at its period's end). */
	cancel(subscriptionId: string): StripeEvent[] {
		const sub = this.sub(subscriptionId);
		sub.status = "canceled";
		return [this.event("customer.subscription.deleted", this.subscriptionJson(sub))];
	}

	/** Any other event, e.g. a type the service does not use. */
	event(type: string, object: Json): StripeEvent {
		return {
			id: `evt_${this.run}${++this.seq}`,
			object: "event",
			api_version: Stripe.API_VERSION,
			created: now(),
			type,
			livemode: false,
			pending_webhooks: 1,
			request: { id: null, idempotency_key: null },
			data: { object },
		};
	}

	sub(id: string): Sub {
		const sub = this.subscriptions.get(id);
		if (sub === undefined) throw new Error(`no subscription ${id}`);
		return sub;
	}

	// ---- the API ----

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const body = await new Promise<string>((resolve) => {
			let text = "";
			req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
			req.on("end", () => resolve(text));
		});
		const url = new URL(req.url ?? "/", "http://fake");
		const params = new URLSearchParams(req.method === "GET" ? url.search : body);
		this.requests.push(`${req.method} ${url.pathname}`);
		const fault = this.faults.shift();
		if (fault !== undefined) return this.send(res, fault, { error: { type: fault === 429 ? "rate_limit_error" : "api_error", message: "Injected fault" } });
		const [, , resource, id, sub] = url.pathname.split("/");
		const key = `${req.method} ${resource}${id === undefined ? "" : "/:id"}${sub === undefined ? "" : `/${sub}`}`;
		try {
			const answer = this.route(key, id ?? "", params);
			if (answer === undefined) return this.send(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname})` } });
			return this.send(res, 200, answer);
		} catch (error) {
			return this.send(res, 404, { error: { type: "invalid_request_error", message: (error as Error).message } });
		}
	}

	private route(key: string, id: string, p: URLSearchParams): Json | undefined {
		switch (key) {
			case "POST customers": {
				const customer = {
					id: `cus_${this.run}${++this.seq}`,
					object: "customer",
					email: p.get("email"),
					name: p.get("name"),
					metadata: { tenantId: p.get("metadata[tenantId]") },
				};
				this.customers.set(customer.id, customer);
				return customer;
			}
			case "POST customers/:id": {
				const customer = this.customers.get(id);
				if (customer === undefined) throw new Error(`No such customer: ${id}`);
				if (p.has("email")) customer.email = p.get("email");
				if (p.has("tax_exempt")) customer.tax_exempt = p.get("tax_exempt");
				return customer;
			}
			case "POST checkout/:id": {
				// /v1/checkout/sessions
				const session = {
					id: `cs_test_${this.run}${++this.seq}`,
					customer: p.get("customer") ?? "",
					tenantId: p.get("client_reference_id") ?? "",
					quantity: Number(p.get("line_items[0][quantity]") ?? "1"),
					url: "",
				};
				session.url = `https://checkout.stripe.com/c/pay/${session.id}`;
				this.sessions.set(session.id, session);
				return { id: session.id, object: "checkout.session", url: session.url, mode: "subscription", customer: session.customer, client_reference_id: session.tenantId };
			}
			case "POST billing_portal/:id": {
				const portalId = `bps_${this.run}${++this.seq}`;
				const portalUrl = `https://billing.stripe.com/p/session/${portalId}`;
				this.portalSessions.push(portalUrl);
				return { id: portalId, object: "billing_portal.session", url: portalUrl, customer: p.get("customer") };
			}
			case "GET subscriptions": {
				const customer = p.get("customer");
				const data = [...this.subscriptions.values()].filter((s) => customer === null || s.customer === customer).map((s) => this.subscriptionJson(s));
				return { object: "list", data, has_more: false, url: "/v1/subscriptions" };
			}
			case "GET subscriptions/:id":
				return this.subscriptionJson(this.sub(id));
			case "POST subscriptions": {
				const sub = this.makeSubscription(
					p.get("customer") ?? "",
					Number(p.get("items[0][quantity]") ?? "1"),
					{ tenantId: p.get("metadata[tenantId]") ?? "" },
					p.get("collection_method") === "send_invoice" ? "send_invoice" : "charge_automatically",
					p.has("days_until_due") ? Number(p.get("days_until_due")) : null,
				);
				this.makeInvoice(sub, "open", 0);
				return this.subscriptionJson(sub);
			}
			case "POST subscriptions/:id": {
				const sub = this.sub(id);
				if (p.has("cancel_at_period_end")) sub.cancelAtPeriodEnd = p.get("cancel_at_period_end") === "true";
				if (p.has("collection_method")) sub.collectionMethod = p.get("collection_method") === "send_invoice" ? "send_invoice" : "charge_automatically";
				if (p.has("days_until_due")) sub.daysUntilDue = Number(p.get("days_until_due"));
				return this.subscriptionJson(sub);
			}
			case "POST subscription_items/:id": {
				const sub = [...this.subscriptions.values()].find((s) => s.itemId === id);
				if (sub === undefined) throw new Error(`No such subscription item: ${id}`);
				if (p.has("quantity")) sub.quantity = Number(p.get("quantity"));
				return this.subscriptionJson(sub).items as Json;
			}
			case "GET invoices": {
				const customer = p.get("customer");
				const data = [...this.invoices.values()].filter((i) => customer === null || i.customer === customer).map((i) => this.invoiceJson(i));
				return { object: "list", data: data.reverse(), has_more: false, url: "/v1/invoices" };
			}
			case "GET invoices/:id": {
				const invoice = this.invoices.get(id);
				if (invoice === undefined) throw new Error(`No such invoice: ${id}`);
				return this.invoiceJson(invoice);
			}
			default:
				return undefined;
		}
	}

	private makeSubscription(customer: string, quantity: number, metadata: Record<string, string>, collectionMethod: Sub["collectionMethod"], daysUntilDue: number | null): Sub {
		const sub: Sub = {
			id: `sub_${this.run}${++this.seq}`,
			customer,
			status: "active",
			quantity,
			itemId: `si_${this.run}${++this.seq}`,
			cancelAtPeriodEnd: false,
			collectionMethod,
			daysUntilDue,
			latestInvoice: null,
			metadata,
			created: now() + this.seq,
			periodEnd: now() + 30 * 24 * 3600,
		};
		this.subscriptions.set(sub.id, sub);
		return sub;
	}

	private makeInvoice(sub: Sub, status: Inv["status"], attemptCount: number): Inv {
		const invoice: Inv = {
			id: `in_${this.run}${++this.seq}`,
			customer: sub.customer,
			subscription: sub.id,
			status,
			attemptCount,
			amountDue: sub.quantity * 300,
			collectionMethod: sub.collectionMethod,
			created: now(),
			metadata: sub.metadata,
		};
		this.invoices.set(invoice.id, invoice);
		sub.latestInvoice = invoice.id;
		return invoice;
	}

	private subscriptionJson(sub: Sub): Json {
		return {
			id: sub.id,
			object: "subscription",
			customer: sub.customer,
			status: sub.status,
			cancel_at_period_end: sub.cancelAtPeriodEnd,
			collection_method: sub.collectionMethod,
			days_until_due: sub.daysUntilDue,
			default_payment_method: sub.collectionMethod === "charge_automatically" ? "pm_card_visa" : null,
			default_source: null,
			latest_invoice: sub.latestInvoice,
			metadata: sub.metadata,
			created: sub.created,
			trial_end: null,
			items: {
				object: "list",
				data: [
					{
						id: sub.itemId,
						object: "subscription_item",
						quantity: sub.quantity,
						current_period_start: sub.created,
						current_period_end: sub.periodEnd,
						price: { id: "price_seat" },
					},
				],
			},
		};
	}

	private invoiceJson(invoice: Inv): Json {
		return {
			id: invoice.id,
			object: "invoice",
			customer: invoice.customer,
			status: invoice.status,
			attempt_count: invoice.attemptCount,
			amount_due: invoice.amountDue,
			currency: "usd",
			collection_method: invoice.collectionMethod,
			created: invoice.created,
			number: `F-${invoice.id}`,
			hosted_invoice_url: `https://invoice.stripe.com/i/${invoice.id}`,
			invoice_pdf: `https://pay.stripe.com/invoice/${invoice.id}/pdf`,
			parent: { type: "subscription_details", subscription_details: { subscription: invoice.subscription, metadata: invoice.metadata } },
		};
	}

	private send(res: ServerResponse, status: number, body: unknown): void {
		res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${++this.seq}` });
		res.end(JSON.stringify(body));
	}
}
