import type { RateLimitDeps } from "../../../http/rate-limit";
import { authThrottles, SIGN_IN_LIMITS } from "../throttles";
import { accountKey, addressKey } from "./limit-keys";

/** What a failed attempt did: nothing more, or it locked the account for its address, or for every failing address. */
export interface SignInLock {
	readonly scope: "address" | "account";
	readonly lockedForSeconds: number;
}

/** An attempt that may check its password: its hits are already counted. Settle it exactly once. */
export interface SignInAdmission {
	/** The password was right: the attempt gives its hits back and this address's run of failures for the account ends. */
	succeeded(): Promise<void>;
	/** The password was wrong (or the account unknown or disabled): the hits stay. Says whether this failure locked the account. */
	failed(): SignInLock | undefined;
}

export interface SignInAttempt {
	readonly email: string;
	readonly ip?: string;
}

/**
 * Counts a sign-in attempt against every limit before anything is verified, and refuses it (429 + Retry-After) when
 * one is over, so 50 parallel guesses cost 5 password checks, not 50. The limits are in throttles.ts:
 * - per account + address, low: one address guessing one account is stopped; the owner elsewhere is not;
 * - per address, high: a school behind one NAT address keeps signing in while one student guesses other accounts;
 * - per account, past a ceiling: addresses that have been failing on the account are refused, clean ones are heard.
 * An attempt refused by a later limit gives back what it took from the earlier ones: it was never evaluated.
 */
export async function admitSignIn(deps: RateLimitDeps, attempt: SignInAttempt): Promise<SignInAdmission> {
	const limits = authThrottles(deps).signIn;
	const account = accountKey(attempt.email);
	const address = addressKey(attempt.ip);
	const generation = await limits.unlocks.peek(account);
	const pair = `${account}:${generation}:${address}`;

	const pairTaken = await limits.accountAddress.take(pair);
	if (!pairTaken.allowed) throw limits.accountAddress.refusal(pairTaken.retryAfterSeconds);
	const addressTaken = await limits.address.take(address);
	if (!addressTaken.allowed) {
		await limits.accountAddress.refund(pair);
		throw limits.address.refusal(addressTaken.retryAfterSeconds);
	}
	const accountTaken = await limits.account.take(account);
	const failingHere = pairTaken.count > 1;
	if (!accountTaken.allowed && failingHere) {
		await Promise.all([limits.accountAddress.refund(pair), limits.address.refund(address)]);
		// Heard again once this address's failures on the account expire, or the account's window ends.
		throw limits.account.refusal(Math.min(pairTaken.retryAfterSeconds, accountTaken.retryAfterSeconds));
	}

	let settled = false;
	const settle = () => {
		if (settled) throw new Error("a sign-in attempt was settled twice");
		settled = true;
	};
	return {
		async succeeded() {
			settle();
			await Promise.all([limits.accountAddress.reset(pair), limits.address.refund(address), limits.account.refund(account)]);
		},
		failed() {
			settle();
			// Counts are atomic: exactly one attempt sees the count that reaches a limit, so one failure reports the lock.
			if (pairTaken.count === SIGN_IN_LIMITS.accountAddress.points) return { scope: "address", lockedForSeconds: SIGN_IN_LIMITS.accountAddress.blockSeconds };
			if (accountTaken.count === SIGN_IN_LIMITS.account.points) return { scope: "account", lockedForSeconds: accountTaken.retryAfterSeconds };
			return undefined;
		},
	};
}

/** An administrator lifts an account's locks: every address's run of failures on it, and its account-wide count. */
export async function liftSignInLocks(deps: RateLimitDeps, email: string): Promise<void> {
	const limits = authThrottles(deps).signIn;
	const account = accountKey(email);
	await limits.unlocks.take(account);
	await limits.account.reset(account);
}
