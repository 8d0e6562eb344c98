import type { AuthDeps } from "../auth-services";
import { findUserById } from "../users/find-user";
import { liftSignInLocks } from "./admit-sign-in";

/**
 * Lifts every sign-in lock on one account (each address's run of failures, and the account-wide count), so its
 * owner can sign in again at once. The per-address ceiling is not touched: it belongs to an address that other
 * schools and people share, not to this account. An account without an email cannot be locked: nothing to do.
 */
export async function unlockSignIn(deps: Pick<AuthDeps, "config" | "infra">, input: { readonly userId: string }): Promise<void> {
	const user = await findUserById(deps.infra.db, input.userId);
	if (user?.email === null || user?.email === undefined) return;
	await liftSignInLocks(deps, user.email);
}
