import Stripe from "stripe";
import { AppError } from "../../../errors/app-error";

/** Stripe's default: a signature older than this is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

// Verification needs no key: only the endpoint secrets.
const verifier = new Stripe("sk_test_verify_only");

/**
 * The event, when `Stripe-Signature` signs these exact bytes with one of the endpoint secrets (two during a
 * rotation) within the tolerance. Anything else is 400 and nothing is stored.
 */
export function verifyStripeEvent(payload: Buffer, signature: string | undefined, secrets: ReadonlyArray<string>): Stripe.Event {
	if (signature === undefined || signature.trim() === "") throw new AppError("bad_request", "The Stripe-Signature header is missing.");
	if (secrets.length === 0) throw new AppError("bad_request", "This service has no webhook secret (STRIPE_WEBHOOK_SECRET), so it cannot verify Stripe events.");
	let stale = false;
	for (const secret of secrets) {
		try {
			return verifier.webhooks.constructEvent(payload, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
		} catch (error) {
			// The SDK checks the signature first, then the timestamp: "outside the tolerance zone" means a signature matched.
			if (/tolerance/i.test(error instanceof Error ? error.message : String(error))) stale = true;
		}
	}
	throw new AppError(
		"bad_request",
		stale ? "The Stripe-Signature timestamp is too old (more than 5 minutes)." : "The Stripe-Signature does not match this body and endpoint secret.",
	);
}
