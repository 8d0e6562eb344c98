import Stripe from "stripe";
import type { BillingSettings } from "../../../config/config";

const clients = new WeakMap<BillingSettings, Stripe>();

/**
 * One SDK client per billing settings. The API version is the one this SDK release pins (its types describe only
 * that version); the webhook endpoint must be created with the same version (README, Billing). Network errors and
 * 409/429/5xx answers are retried by the SDK with its idempotency key; a sync job that still fails retries later.
 */
export function stripeClient(settings: BillingSettings): Stripe {
	const existing = clients.get(settings);
	if (existing !== undefined) return existing;
	const client = new Stripe(settings.secretKey, {
		maxNetworkRetries: 2,
		timeout: 20_000,
		telemetry: false,
		...(settings.api === undefined ? {} : { host: settings.api.host, port: settings.api.port, protocol: settings.api.protocol }),
	});
	clients.set(settings, client);
	return client;
}

/** The API version every call and every webhook endpoint of this service speaks. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;
