import { createLimiter, type Limiter, type RateLimit, type RateLimitDeps } from "../../../http/rate-limit";

/** Sign-up requests per IP address per hour: a school signs up once; a script creating tenants gets stopped (429). */
export const SIGNUP_RATE_LIMIT: RateLimit = { name: "signup_ip", points: 10, durationSeconds: 3600, what: "sign-ups from this address" };

/**
 * Sign-up mails per email address per hour. Past it nothing more is sent and the answer stays the same 202 (as for
 * password resets), so the limit cannot tell whether the address has an account, nor flood its inbox.
 */
export const SIGNUP_EMAIL_RATE_LIMIT: RateLimit = { name: "signup_email", points: 3, durationSeconds: 3600, what: "sign-up mails for this email address" };

export interface SignupThrottles {
	readonly address: Limiter;
	readonly email: Limiter;
}

const byInfrastructure = new WeakMap<object, SignupThrottles>();

export function signupThrottles(deps: RateLimitDeps): SignupThrottles {
	const existing = byInfrastructure.get(deps.infra);
	if (existing !== undefined) return existing;
	const throttles = { address: createLimiter(deps, SIGNUP_RATE_LIMIT), email: createLimiter(deps, SIGNUP_EMAIL_RATE_LIMIT) };
	byInfrastructure.set(deps.infra, throttles);
	return throttles;
}
