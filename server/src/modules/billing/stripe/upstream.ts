import Stripe from "stripe";
import { AppError } from "../../../errors/app-error";

/** A Stripe call made for a person: Stripe refusing or unreachable becomes 502 upstream_failed in plain words. */
export async function upstream<T>(what: string, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (error instanceof Stripe.errors.StripeError) {
			throw new AppError("upstream_failed", `Stripe could not ${what} just now (${error.type}). Try again in a minute.`, { stripeRequestId: error.requestId });
		}
		throw error;
	}
}
