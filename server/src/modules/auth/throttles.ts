import { createLimiter, type Limiter, type RateLimitDeps } from "../../http/rate-limit";

export interface AuthThrottles {
	/** Failed sign-ins per account: 5 per 15 minutes, then 429 until the window passes. */
	readonly loginAccount: Limiter;
	/** Failed sign-ins per IP: 30 per 15 minutes (a school shares one address, so only failures count). */
	readonly loginIp: Limiter;
	/** Reset emails per address: 3 an hour; more are silently not sent (the answer is always 202). */
	readonly resetEmail: Limiter;
}

const byDeps = new WeakMap<object, AuthThrottles>();

export function authThrottles(deps: RateLimitDeps): AuthThrottles {
	const existing = byDeps.get(deps.infra);
	if (existing !== undefined) return existing;
	const throttles: AuthThrottles = {
		loginAccount: createLimiter(deps, { name: "login_account", points: 5, durationSeconds: 15 * 60, what: "failed sign-ins for this account" }),
		loginIp: createLimiter(deps, { name: "login_ip", points: 30, durationSeconds: 15 * 60, what: "failed sign-ins from this address" }),
		resetEmail: createLimiter(deps, { name: "password_reset_email", points: 3, durationSeconds: 60 * 60, what: "password reset requests" }),
	};
	byDeps.set(deps.infra, throttles);
	return throttles;
}
