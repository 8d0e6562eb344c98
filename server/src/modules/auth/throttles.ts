import { createLimiter, type Limiter, type RateLimit, type RateLimitDeps } from "../../http/rate-limit";

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Sign-in limits, after rate-limiter-flexible's login-protection pattern: every attempt is counted before its
 * password is checked (so parallel attempts cannot exceed a limit) and given back when the password was right.
 */
export const SIGN_IN_LIMITS = {
	/** Failures for one account from one address: the 6th within an hour is refused, and the pair stays refused 15 minutes. */
	accountAddress: { name: "login_fail_account_address", points: 5, durationSeconds: HOUR, blockSeconds: 15 * MINUTE, what: "failed sign-ins for this account from this address" },
	/** Failures from one address across every account: a school behind one NAT address shares this, so it is high. */
	address: { name: "login_fail_address", points: 100, durationSeconds: HOUR, what: "failed sign-ins from this address" },
	/**
	 * Failures for one account from every address (a distributed attack). Past it, only addresses with no failure on
	 * the account in their current window are still heard: the owner on a clean address always gets in.
	 */
	account: { name: "login_fail_account", points: 50, durationSeconds: HOUR, what: "failed sign-ins for this account from this address" },
	/** Unlocks by an administrator: a generation number inside the account+address key, so one increment forgets every address. */
	unlocks: { name: "login_unlocks", points: 1_000_000, durationSeconds: 0, what: "unlocks" },
	/** Mails telling an owner their account was locked: one an hour, however many addresses keep failing. */
	lockMail: { name: "account_locked_mail", points: 1, durationSeconds: HOUR, what: "lock notices" },
} as const satisfies Record<string, RateLimit>;

export interface AuthThrottles {
	readonly signIn: { readonly [K in keyof typeof SIGN_IN_LIMITS]: Limiter };
	/** Reset emails per address: 3 an hour; more are silently not sent (the answer is always 202). */
	readonly resetEmail: Limiter;
}

const byDeps = new WeakMap<object, AuthThrottles>();

/** One set per running app: the in-memory driver keeps its counts in these objects. */
export function authThrottles(deps: RateLimitDeps): AuthThrottles {
	const existing = byDeps.get(deps.infra);
	if (existing !== undefined) return existing;
	const throttles: AuthThrottles = {
		signIn: {
			accountAddress: createLimiter(deps, SIGN_IN_LIMITS.accountAddress),
			address: createLimiter(deps, SIGN_IN_LIMITS.address),
			account: createLimiter(deps, SIGN_IN_LIMITS.account),
			unlocks: createLimiter(deps, SIGN_IN_LIMITS.unlocks),
			lockMail: createLimiter(deps, SIGN_IN_LIMITS.lockMail),
		},
		resetEmail: createLimiter(deps, { name: "password_reset_email", points: 3, durationSeconds: HOUR, what: "password reset requests" }),
	};
	byDeps.set(deps.infra, throttles);
	return throttles;
}
